package io.shouhu.casework;

import java.util.Map;

import org.springframework.stereotype.Service;

/**
 * Brings every stored piece of personal data under the keyset's primary key after a rotation (and
 * encrypts any still in plain): in batches, safe to stop and run again at any time, and beside the
 * running application. Attachment bytes are not re-encrypted (see docs/operations/keys.md).
 */
@Service
public class PersonalDataReEncryption {

	private final ReEncryptionBatches batches;

	PersonalDataReEncryption(ReEncryptionBatches batches) {
		this.batches = batches;
	}

	/**
	 * Re-encrypts everything, batch by batch.
	 * @param batchSize records read per round trip
	 */
	public Result run(int batchSize) {
		return batches.run(batchSize);
	}

	/**
	 * @param scanned records read
	 * @param reEncrypted records rewritten under the primary key
	 * @param changedMeanwhile records another write changed first (and so already rewritten)
	 * @param byCollection records rewritten per collection
	 */
	public record Result(long scanned, long reEncrypted, long changedMeanwhile, Map<String, Long> byCollection) {
	}
}
