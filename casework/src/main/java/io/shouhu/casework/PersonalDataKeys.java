package io.shouhu.casework;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The keys that protect personal data at rest, from one keyset file: a Tink AEAD keyset
 * (AES-256-GCM) that encrypts every piece of personal data with the record's id as associated data,
 * and a Tink MAC keyset (HMAC-SHA256) for the blind index that finds a child again without plaintext.
 * The AEAD keyset rotates (a new primary encrypts new writes, older keys still decrypt); the
 * blind-index key never does, or the index would no longer match. See {@code docs/operations/keys.md}.
 */
public final class PersonalDataKeys {

	static final String FORMAT = "shouhu-keyset-1";

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	static {
		try {
			AeadConfig.register();
			MacConfig.register();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Tink does not register its AEAD and MAC primitives", ex);
		}
	}

	private final KeysetHandle aeadKeys;

	private final Aead aead;

	private final Mac blindIndex;

	private final int primaryKeyId;

	private PersonalDataKeys(KeysetHandle aeadKeys, KeysetHandle blindIndexKeys) {
		try {
			this.aeadKeys = aeadKeys;
			this.aead = aeadKeys.getPrimitive(RegistryConfiguration.get(), Aead.class);
			this.blindIndex = blindIndexKeys.getPrimitive(RegistryConfiguration.get(), Mac.class);
			this.primaryKeyId = aeadKeys.getPrimary().getId();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The keyset does not make an AEAD and a MAC: " + ex.getClass().getName());
		}
	}

	/** Fresh keys kept in memory only, e.g. for tests. */
	public static PersonalDataKeys generated() {
		try {
			return new PersonalDataKeys(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM),
					KeysetHandle.generateNew(PredefinedMacParameters.HMAC_SHA256_256BITTAG));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Reads the keyset file.
	 * @throws KeysetUnavailable when it is missing, unreadable or not a Shouhu keyset, saying which
	 */
	public static PersonalDataKeys load(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new KeysetUnavailable("No keyset file at " + file.toAbsolutePath()
					+ " (shouhu.crypto.keyset-file): personal data cannot be encrypted or read without it."
					+ " Restore it from its backup, or create one for a new installation with"
					+ " `java -jar shouhu-server.jar keys generate " + file + "` (docs/operations/keys.md).");
		}
		try {
			JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
			if (!FORMAT.equals(root.path("format").asString(""))) {
				throw new KeysetUnavailable(
						"The keyset file " + file.toAbsolutePath() + " is not a Shouhu keyset (format " + FORMAT + ").");
			}
			return new PersonalDataKeys(parse(root, "aead"), parse(root, "blindIndex"));
		}
		catch (IOException ex) {
			throw new KeysetUnavailable(
					"The keyset file " + file.toAbsolutePath() + " cannot be read: " + ex.getClass().getSimpleName());
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			if (ex instanceof IllegalStateException state) {
				throw state;
			}
			throw new KeysetUnavailable(
					"The keyset file " + file.toAbsolutePath() + " is damaged: " + ex.getClass().getSimpleName());
		}
	}

	/**
	 * Writes a new keyset file, readable by its owner only.
	 * @throws IllegalStateException when a file is already there: overwriting a keyset loses the data
	 */
	public static PersonalDataKeys generate(Path file) {
		if (Files.exists(file)) {
			throw new IllegalStateException("A keyset file is already at " + file.toAbsolutePath()
					+ "; a new one would make the data encrypted with it unreadable.");
		}
		try {
			KeysetHandle aead = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
			KeysetHandle mac = KeysetHandle.generateNew(PredefinedMacParameters.HMAC_SHA256_256BITTAG);
			write(file, aead, mac, false);
			return new PersonalDataKeys(aead, mac);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Adds a new AES-256-GCM key to the keyset file and makes it the primary: new writes use it, data
	 * written with the older keys stays readable until re-encrypted. The blind-index key is kept.
	 * @return the id of the new primary key
	 */
	public static int rotate(Path file) {
		load(file); // refuses a missing or damaged file before anything is written
		try {
			JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
			KeysetHandle aead = parse(root, "aead");
			KeysetHandle mac = parse(root, "blindIndex");
			KeysetHandle.Builder builder = KeysetHandle.newBuilder(aead);
			KeysetHandle.Builder.Entry entry = KeysetHandle.generateEntryFromParameters(
					PredefinedAeadParameters.AES256_GCM)
				.withRandomId();
			builder.addEntry(entry);
			entry.makePrimary();
			KeysetHandle rotated = builder.build();
			write(file, rotated, mac, true);
			return rotated.getPrimary().getId();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeysetHandle parse(JsonNode root, String name) throws GeneralSecurityException {
		JsonNode keyset = root.get(name);
		if (keyset == null || !keyset.isObject()) {
			throw new GeneralSecurityException("no " + name + " keyset");
		}
		return TinkJsonProtoKeysetFormat.parseKeyset(JSON.writeValueAsString(keyset), InsecureSecretKeyAccess.get());
	}

	private static void write(Path file, KeysetHandle aead, KeysetHandle mac, boolean replace)
			throws GeneralSecurityException {
		ObjectNode root = JSON.createObjectNode();
		root.put("format", FORMAT);
		root.set("aead", JSON.readTree(TinkJsonProtoKeysetFormat.serializeKeyset(aead, InsecureSecretKeyAccess.get())));
		root.set("blindIndex",
				JSON.readTree(TinkJsonProtoKeysetFormat.serializeKeyset(mac, InsecureSecretKeyAccess.get())));
		Path target = file.toAbsolutePath();
		try {
			Files.createDirectories(target.getParent());
			Path temporary = target.resolveSibling(target.getFileName() + ".new");
			Files.deleteIfExists(temporary);
			ownerOnly(temporary);
			Files.writeString(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
					StandardCharsets.UTF_8);
			if (replace) {
				move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
			}
			else {
				if (Files.exists(target)) {
					Files.delete(temporary);
					throw new FileAlreadyExistsException(target.toString());
				}
				move(temporary, target);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The keyset file " + target + " cannot be written", ex);
		}
	}

	private static void ownerOnly(Path file) throws IOException {
		try {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		catch (UnsupportedOperationException notPosix) {
			Files.createFile(file);
		}
	}

	private static void move(Path from, Path to, StandardCopyOption... options) throws IOException {
		try {
			StandardCopyOption[] atomic = java.util.Arrays.copyOf(options, options.length + 1);
			atomic[options.length] = StandardCopyOption.ATOMIC_MOVE;
			Files.move(from, to, atomic);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(from, to, options);
		}
	}

	/** Encrypts with the primary key; {@code context} (the record and field) must be given again to decrypt. */
	byte[] encrypt(byte[] plaintext, String context) {
		try {
			return aead.encrypt(plaintext, context.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Encryption failed: " + ex.getClass().getSimpleName());
		}
	}

	/**
	 * Decrypts what {@link #encrypt} made for the same context.
	 * @throws PersonalDataUnreadable when the ciphertext was made for another record, was altered, or
	 *         its key is not in the keyset
	 */
	byte[] decrypt(byte[] ciphertext, String context) {
		try {
			return aead.decrypt(ciphertext, context.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new PersonalDataUnreadable(context);
		}
	}

	/** Whether a ciphertext was made with the current primary key (Tink prefixes the key id). */
	boolean isUnderPrimary(byte[] ciphertext) {
		return ciphertext.length > 5 && ciphertext[0] == 1
				&& ByteBuffer.wrap(ciphertext, 1, 4).getInt() == primaryKeyId;
	}

	int primaryKeyId() {
		return primaryKeyId;
	}

	int keyCount() {
		return aeadKeys.size();
	}

	/** The keyed blind index of a normalised value: equal values give equal indexes, without the key nothing. */
	String blindIndex(String kind, String normalisedValue) {
		try {
			return HexFormat.of()
				.formatHex(blindIndex.computeMac((kind + "|" + normalisedValue).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Blind index failed: " + ex.getClass().getSimpleName());
		}
	}

	@Override
	public String toString() {
		return "PersonalDataKeys[primary=" + Integer.toUnsignedString(primaryKeyId) + ", keys=" + aeadKeys.size() + "]";
	}
}
