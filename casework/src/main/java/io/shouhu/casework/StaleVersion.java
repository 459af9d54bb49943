package io.shouhu.casework;

/** The caller changed something on the strength of a version that is no longer current. */
public class StaleVersion extends RuntimeException {

	public StaleVersion() {
		super("It changed since you read it; read it again and retry.");
	}
}
