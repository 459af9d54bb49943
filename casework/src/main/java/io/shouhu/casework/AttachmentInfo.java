package io.shouhu.casework;

/** What is known of an attachment without opening it. */
public record AttachmentInfo(AttachmentId id, String contentType, String title, long size) {
}
