package io.shouhu.casework;

/** Administrative sex as recorded by the hospital. */
public enum Sex {

	FEMALE, MALE, OTHER, UNKNOWN
}
