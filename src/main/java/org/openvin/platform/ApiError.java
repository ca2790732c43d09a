package org.openvin.platform;

/** The one error body of the API, as the CoWIN contract has it: {"errorCode","error"}. */
public record ApiError(String errorCode, String error) {
}
