package io.shouhu.casework;

/** What a supported civil suit asks for. */
public enum SuitType {

	/** 撤销监护人资格. */
	REVOKE_GUARDIANSHIP,
	/** 损害赔偿. */
	DAMAGES,
	/** Anything else. */
	OTHER;

	/** The suit type for a wire code such as {@code revoke-guardianship}, or {@code null}. */
	public static SuitType ofCode(String code) {
		for (SuitType type : values()) {
			if (type.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-').equals(code)) {
				return type;
			}
		}
		return null;
	}
}
