// Test-only: replays the agreed chat API contract (docs: chat-api, POST /api/v1/chat as SSE,
// GET /api/v1/chats, GET /api/v1/chats/{id}, POST /api/v1/chat/{turn}/rating) inside the page,
// because the node on this branch does not have the chat API yet. Everything else goes to the
// real node. window.__chatReplay configures it: {citations, tokens, delayMs}.
(() => {
  const realFetch = window.fetch.bind(window);
  const conversations = [];
  const turns = {};
  const enc = new TextEncoder();
  const json = (body, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  window.fetch = async (input, init = {}) => {
    const cfg = window.__chatReplay || JSON.parse(localStorage.getItem('chatReplay') || 'null');
    const url = new URL(typeof input === 'string' ? input : input.url, location.origin);
    const method = (init.method || 'GET').toUpperCase();
    if (!cfg) return realFetch(input, init);
    if (url.pathname === '/api/v1/chats') return json({ conversations });
    let m = url.pathname.match(/^\/api\/v1\/chats\/([^/]+)$/);
    if (m) return json({ id: m[1], title: 'Replayed', turns: turns[m[1]] || [] });
    m = url.pathname.match(/^\/api\/v1\/chat\/([^/]+)\/rating$/);
    if (m && method === 'POST') return json({ turn: m[1], value: JSON.parse(init.body).value });
    if (url.pathname === '/api/v1/chat' && method === 'POST') {
      const { message, conversation } = JSON.parse(init.body);
      const id = conversation || 'conv' + (conversations.length + 1);
      if (!conversation) conversations.unshift({ id, title: message.slice(0, 40), updated: new Date().toISOString(), turns: 0 });
      const answer = cfg.tokens.join('');
      turns[id] = (turns[id] || []).concat(
        { turn: 'u' + Date.now(), role: 'user', text: message, created: new Date().toISOString(), citations: [], rating: null },
        { turn: 'a' + Date.now(), role: 'assistant', text: answer, created: new Date().toISOString(), citations: cfg.citations, rating: null });
      const events = [['meta', { conversation: id, question_turn: 'u1' }],
        ...cfg.tokens.map((text) => ['token', { text }]),
        ['citations', { citations: cfg.citations }],
        ['done', { turn: 'a1', backend: 'extractive', declined: false, filter: null }]];
      const body = new ReadableStream({
        async start(controller) {
          init.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
          for (const [event, data] of events) {
            if (init.signal?.aborted) return;
            controller.enqueue(enc.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
            await new Promise((r) => setTimeout(r, cfg.delayMs));
          }
          controller.close();
        },
      });
      return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
    }
    return realFetch(input, init);
  };
})();
