package io.shouhu.casework;

import java.util.Objects;

/**
 * A file the hospital sent with a report (e.g. a photo of an injury), as received. Personal data:
 * never logged.
 *
 * @param contentType the MIME type the hospital gave, {@code application/octet-stream} when none
 * @param title the hospital's title for it, may be {@code null}
 * @param data the bytes, at most {@link #MAX_BYTES}
 */
public record AttachmentContent(String contentType, String title, byte[] data) {

	/** The largest attachment taken in: 10 MB. */
	public static final int MAX_BYTES = 10 * 1024 * 1024;

	public AttachmentContent {
		Objects.requireNonNull(data, "data");
		contentType = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
	}

	@Override
	public String toString() {
		return "AttachmentContent[" + contentType + ", " + data.length + " bytes]";
	}
}
