/** Answers from the user's knowledge: embedders, retrieval, chat backends and the prompt filter. */
package ai.kiana.ai;
