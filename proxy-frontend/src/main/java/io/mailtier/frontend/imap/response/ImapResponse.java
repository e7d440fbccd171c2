package io.mailtier.frontend.imap.response;

/** Anything the server sends: status responses, untagged data and continuation requests. */
public sealed interface ImapResponse
    permits StatusResponse, UntaggedData, ContinuationRequest, FetchData {}
