package ai.kiana.server.chat;

import ai.kiana.ai.chat.Answer;
import ai.kiana.ai.chat.Answerer;
import ai.kiana.ai.chat.ChatBackend;
import ai.kiana.ai.chat.ChatBackends;
import ai.kiana.ai.chat.ChatMessage;
import ai.kiana.ai.chat.ChatSettings;
import ai.kiana.ai.chat.ExtractiveBackend;
import ai.kiana.ai.filter.FilterAction;
import ai.kiana.ai.filter.FilterHit;
import ai.kiana.ai.filter.FilterStage;
import ai.kiana.ai.filter.PromptFilter;
import ai.kiana.ai.retrieval.Passage;
import ai.kiana.ai.retrieval.Retriever;
import ai.kiana.ai.text.Language;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.server.access.ScopeAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Answers chat messages: stores the question as a turn, checks it against the prompt filter, stores
 * "remember that …" as a memory, otherwise lets the {@link Answerer} write the answer while the
 * filter watches it, and stores the answer as a turn with its citations. Used by the chat API,
 * {@code kiana ask} and the OpenAI-compatible API (which does not store turns).
 */
public final class ChatService implements AutoCloseable {

  public static final int MAX_MESSAGE_CHARS = 8000;

  private final KnowledgeBase knowledge;
  private final Conversations conversations;
  private final Memories memories;
  private final PromptFilter filter;
  private final ChatBackends backends;
  private final Retriever retriever;
  private final Answerer answerer;
  private volatile ChatSettings settings;
  private volatile ChatBackend backend;

  /**
   * Stores question turns while their answers' passages are found: the question's embedding alone
   * takes longer than the signed write, so the write costs the answer nothing (ChatBench).
   */
  private final ExecutorService turnWriter =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "kiana-chat-turn");
            t.setDaemon(true);
            return t;
          });

  public ChatService(
      KnowledgeBase knowledge, Retriever retriever, PromptFilter filter, ChatSettings settings) {
    this.knowledge = knowledge;
    this.conversations = new Conversations(knowledge);
    this.memories = new Memories(knowledge);
    this.filter = filter;
    this.backends = new ChatBackends();
    this.retriever = retriever;
    this.answerer = new Answerer(retriever, () -> backend, backends.extractive());
    use(settings);
  }

  public ChatSettings settings() {
    return settings;
  }

  /** Switches the backend for the following questions (questions in flight finish on the old). */
  public synchronized void use(ChatSettings newSettings) {
    this.backend = backends.create(newSettings);
    this.settings = newSettings;
  }

  public Conversations conversations() {
    return conversations;
  }

  public Memories memories() {
    return memories;
  }

  public PromptFilter filter() {
    return filter;
  }

  /**
   * Answers {@code message} in {@code conversation} (null starts a new one), reporting each step to
   * {@code events}. The message must already be validated (1..{@value #MAX_MESSAGE_CHARS}).
   *
   * @throws UnknownConversationException if {@code conversation} names none
   */
  public void ask(String message, String conversation, ChatEvents events) {
    ask(message, conversation, events, ScopeAccess.ALL);
  }

  /**
   * As {@link #ask(String, String, ChatEvents)} for a caller who sees and writes only the scopes of
   * {@code access}: retrieval and the conversation are limited to them, and the turns are stored in
   * the caller's own scope.
   *
   * @throws ai.kiana.server.http.ApiException.Forbidden if the caller may write no scope
   */
  public void ask(String message, String conversation, ChatEvents events, ScopeAccess access) {
    Scope home = access.home(Scope.PRIVATE);
    List<Turn> earlier = List.of();
    String title = message.strip();
    if (conversation != null) {
      earlier = conversations.turns(conversation, access);
      if (earlier.isEmpty()) {
        throw new UnknownConversationException(conversation);
      }
      title = earlier.getFirst().block().title();
    } else {
      conversation = Conversations.newId();
    }
    String lang = Language.guess(message);
    QuestionTurn question =
        new QuestionTurn(
            conversation,
            turnWriter.submit(storingQuestion(conversation, title, message, lang, home)),
            events);

    // The cited blocks' state is checked while the backend writes.
    AtomicReference<Future<List<Citation>>> checking = new AtomicReference<>();
    Reply reply =
        reply(
            message,
            Conversations.history(earlier),
            lang,
            conversation,
            piece -> {
              question.announce();
              events.token(piece);
            },
            access,
            cited -> {
              question.announce();
              checking.set(turnWriter.submit(() -> cited.stream().map(this::citation).toList()));
            });
    question.announce();
    if (reply.blockedQuestion() == null) {
      events.citations(citations(reply.cited(), checking.get()));
    }
    List<String> tags = new ArrayList<>(List.of("backend:" + reply.backend()));
    if (reply.declined()) {
      tags.add("declined");
    }
    KnowledgeBlock answer =
        conversations.addTurn(
            conversation,
            title,
            "assistant",
            Turn.content(reply.stored(), reply.cited().stream().map(p -> p.block().id()).toList()),
            lang,
            tags,
            home);
    events.done(answer, reply.backend(), reply.declined(), reply.filter());
  }

  /**
   * An answer and what the filter said, for callers that store nothing (the OpenAI-compatible API).
   *
   * @param stored the text to keep: the streamed text, or a note when the answer was withheld
   * @param blockedQuestion the hit that blocked the question, or null
   */
  public record Reply(
      String stored,
      List<Passage> cited,
      String backend,
      boolean declined,
      FilterHit filter,
      FilterHit blockedQuestion) {}

  /** Answers without storing turns; tokens are streamed to {@code tokens}. */
  public Reply reply(
      String message,
      List<ChatMessage> history,
      String lang,
      String conversation,
      Consumer<String> tokens) {
    return reply(message, history, lang, conversation, tokens, ScopeAccess.ALL);
  }

  /** As above, answering only from the scopes {@code access} may read. */
  public Reply reply(
      String message,
      List<ChatMessage> history,
      String lang,
      String conversation,
      Consumer<String> tokens,
      ScopeAccess access) {
    return reply(message, history, lang, conversation, tokens, access, cited -> {});
  }

  /**
   * As above, giving the passages an answer by the backend will cite to {@code beforeWriting}
   * before the backend starts writing.
   */
  private Reply reply(
      String message,
      List<ChatMessage> history,
      String lang,
      String conversation,
      Consumer<String> tokens,
      ScopeAccess access,
      Consumer<List<Passage>> beforeWriting) {
    Optional<FilterHit> onQuestion =
        filter.check(message, FilterStage.QUESTION, lang, conversation);
    if (onQuestion.isPresent() && onQuestion.get().action() == FilterAction.BLOCK) {
      String text = refusal(onQuestion.get(), lang);
      tokens.accept(text);
      return new Reply(
          text, List.of(), ExtractiveBackend.NAME, false, onQuestion.get(), onQuestion.get());
    }
    FilterHit shown = visible(onQuestion);
    Optional<String> memory = Memories.requested(message);
    // Memories are private; a caller who may not write there asks an ordinary question.
    if (memory.isPresent() && access.canWrite(Scope.PRIVATE)) {
      KnowledgeBlock m = memories.add(memory.get());
      String text =
          ("de".equals(lang) ? "Gemerkt: " : "Got it, I will remember: ") + m.content() + " [1]";
      tokens.accept(text);
      return new Reply(
          text,
          List.of(new Passage(m, 1.0, m.content())),
          ExtractiveBackend.NAME,
          false,
          shown,
          null);
    }
    AnswerWatch watch = new AnswerWatch(filter, lang, conversation, tokens);
    try {
      Answerer scoped =
          access.readsAll()
              ? answerer
              : new Answerer(
                  new ScopedRetriever(retriever, access.readable()),
                  () -> backend,
                  backends.extractive());
      Answer a = scoped.answer(message, history, watch, beforeWriting);
      FilterHit onAnswer = watch.strongest();
      return new Reply(
          a.text(),
          a.citations(),
          a.backend(),
          a.declined(),
          onAnswer != null ? onAnswer : shown,
          null);
    } catch (AnswerWatch.Withheld w) {
      String note = "\n\n" + withheld(w.hit(), lang);
      tokens.accept(note);
      return new Reply(withheld(w.hit(), lang), List.of(), backend.name(), false, w.hit(), null);
    }
  }

  private static FilterHit visible(Optional<FilterHit> hit) {
    return hit.filter(h -> h.action() != FilterAction.LOG).orElse(null);
  }

  private static String refusal(FilterHit hit, String lang) {
    return ("de".equals(lang) ? "Darauf antworte ich nicht: " : "I won't answer this: ")
        + hit.reason();
  }

  private static String withheld(FilterHit hit, String lang) {
    return ("de".equals(lang) ? "[Antwort zurückgehalten: " : "[Answer withheld: ")
        + hit.reason()
        + "]";
  }

  /**
   * Whether {@code id} is a chat turn.
   *
   * @throws ai.kiana.core.block.BlockNotFoundException if there is no such block
   */
  public boolean isTurn(BlockId id) {
    return Conversations.isTurn(knowledge.view(id).block());
  }

  private Citation citation(Passage p) {
    return new Citation(p, knowledge.view(p.block()));
  }

  /**
   * The citations of {@code cited}, from the check started while the backend wrote if it was for
   * these passages (an answer that fell back or was withheld may cite others).
   */
  private List<Citation> citations(List<Passage> cited, Future<List<Citation>> checking) {
    if (checking != null) {
      List<Citation> checked = await(checking);
      if (checked.stream().map(Citation::passage).toList().equals(cited)) {
        return checked;
      }
    }
    return cited.stream().map(this::citation).toList();
  }

  private static <T> T await(Future<T> task) {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while answering", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private Callable<KnowledgeBlock> storingQuestion(
      String conversation, String title, String message, String lang, Scope scope) {
    return () ->
        conversations.addTurn(conversation, title, "user", message, lang, List.of(), scope);
  }

  /**
   * The question's turn as it is being stored, announced by the {@code meta} event once stored:
   * before the answer's first piece, and before an error if storing failed (then nothing has been
   * streamed yet, so the caller still gets a plain error response).
   */
  private static final class QuestionTurn {
    private final String conversation;
    private final Future<KnowledgeBlock> stored;
    private final ChatEvents events;
    private boolean announced;

    QuestionTurn(String conversation, Future<KnowledgeBlock> stored, ChatEvents events) {
      this.conversation = conversation;
      this.stored = stored;
      this.events = events;
    }

    void announce() {
      if (announced) {
        return;
      }
      announced = true;
      events.meta(conversation, await(stored));
    }
  }

  @Override
  public void close() {
    backends.close();
    turnWriter.shutdown();
  }
}
