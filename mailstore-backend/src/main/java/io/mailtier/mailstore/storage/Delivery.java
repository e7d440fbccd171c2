package io.mailtier.mailstore.storage;

/** Types of a delivery to many recipients. */
public final class Delivery {
  private Delivery() {}

  /** One recipient; a null, empty, invalid or missing folder means INBOX. */
  public record Recipient(String account, String folder) {}

  /**
   * The outcome for one recipient.
   *
   * @param failure null when delivered
   */
  public record Outcome(
      String account,
      boolean delivered,
      String folder,
      long uid,
      long uidValidity,
      StorageException.Reason failure,
      boolean permanent) {}
}
