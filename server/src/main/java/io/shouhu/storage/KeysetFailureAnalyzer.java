package io.shouhu.storage;

import io.shouhu.casework.KeysetUnavailable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says plainly why the server did not start when its keyset is missing or damaged: the operator on
 * call reads it in "APPLICATION FAILED TO START", whatever the log format drops from exceptions.
 */
class KeysetFailureAnalyzer extends AbstractFailureAnalyzer<KeysetUnavailable> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, KeysetUnavailable cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Restore the keyset file from its backup, or point shouhu.crypto.keyset-file at it. For a new"
						+ " installation only, create one with `java -jar shouhu-server.jar keys generate <file>`."
						+ " See docs/operations/keys.md.",
				cause);
	}
}
