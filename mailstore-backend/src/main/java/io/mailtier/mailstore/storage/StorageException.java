package io.mailtier.mailstore.storage;

/** A storage operation that cannot be done; {@link #reason()} says why, for the API layer. */
public final class StorageException extends RuntimeException {
  /** Why an operation failed. */
  public enum Reason {
    ACCOUNT_NOT_FOUND,
    ACCOUNT_EXISTS,
    FOLDER_NOT_FOUND,
    FOLDER_EXISTS,
    INVALID_FOLDER_NAME,
    FOLDER_NOT_DELETABLE,
    QUOTA_EXCEEDED,
    UIDVALIDITY_CHANGED,
    INVALID_REQUEST,
    STORAGE_FAILURE
  }

  private final Reason reason;

  public StorageException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public StorageException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
