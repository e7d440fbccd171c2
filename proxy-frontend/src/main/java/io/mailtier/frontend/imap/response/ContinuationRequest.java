package io.mailtier.frontend.imap.response;

/** A continuation request ({@code + text}). */
public record ContinuationRequest(String text) implements ImapResponse {
  public static final ContinuationRequest EMPTY = new ContinuationRequest("");
  public static final ContinuationRequest READY = new ContinuationRequest("Ready for literal data");
}
