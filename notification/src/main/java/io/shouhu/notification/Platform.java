package io.shouhu.notification;

/** The operating system of a registered phone. */
public enum Platform {

	ANDROID("android"),
	IOS("ios");

	private final String code;

	Platform(String code) {
		this.code = code;
	}

	/** The code used on the wire and in storage, e.g. {@code android}. */
	public String code() {
		return code;
	}

	/** The platform for a wire code ({@code android} or {@code ios}), or {@code null} when it is not one. */
	public static Platform ofCode(String code) {
		for (Platform platform : values()) {
			if (platform.code.equals(code)) {
				return platform;
			}
		}
		return null;
	}
}
