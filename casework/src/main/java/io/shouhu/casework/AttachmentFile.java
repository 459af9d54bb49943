package io.shouhu.casework;

/** An attachment opened for an authorised case worker. */
public record AttachmentFile(AttachmentInfo info, byte[] data) {

	@Override
	public String toString() {
		return "AttachmentFile[" + info.id() + ", " + data.length + " bytes]";
	}
}
