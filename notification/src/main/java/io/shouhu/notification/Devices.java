package io.shouhu.notification;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import io.shouhu.casework.UserId;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The phones staff registered for push. A push token belongs to one phone, so registering a token
 * again updates that phone, and moves it to the new user when someone else signs in on it.
 */
@Service
public class Devices {

	static final int MAX_TOKEN_LENGTH = 4096;

	private static final int MAX_APP_VERSION_LENGTH = 64;

	private static final Pattern LOCALE = Pattern.compile("[A-Za-z0-9]{1,8}([-_][A-Za-z0-9]{1,8}){0,5}");

	private final MongoOperations mongo;

	/** How long a phone may go unseen before it is retired. */
	static final Duration UNSEEN = Duration.ofDays(30);

	private final Clock clock;

	Devices(MongoOperations mongo, Optional<Clock> clock) {
		this.mongo = mongo;
		this.clock = clock.orElse(Clock.systemUTC());
		mongo.indexOps(DeviceDocument.class).createIndex(new Index().on("token", Sort.Direction.ASC).unique());
		mongo.indexOps(DeviceDocument.class)
			.createIndex(new Index().on("userId", Sort.Direction.ASC).on("active", Sort.Direction.ASC));
	}

	/**
	 * Registers a phone for push, or refreshes its registration.
	 * @param token the FCM registration token of the app on the phone
	 * @param appVersion the app's version, optional
	 * @param locale the phone's language tag, optional
	 * @return the device id, stable for as long as the token stays the same
	 * @throws InvalidDevice when the token, platform, version or locale is malformed
	 */
	public String register(UserId user, String token, Platform platform, String appVersion, String locale) {
		Objects.requireNonNull(user, "user");
		checkToken(token);
		if (platform == null) {
			throw new InvalidDevice("platform must be android or ios.");
		}
		if (appVersion != null && (appVersion.isBlank() || appVersion.length() > MAX_APP_VERSION_LENGTH
				|| appVersion.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)))) {
			throw new InvalidDevice("appVersion must be at most " + MAX_APP_VERSION_LENGTH
					+ " characters without spaces.");
		}
		if (locale != null && !LOCALE.matcher(locale).matches()) {
			throw new InvalidDevice("locale must be a language tag such as zh-CN.");
		}
		Instant now = clock.instant();
		Update update = new Update().set("userId", user.value())
			.set("platform", platform.code())
			.set("appVersion", appVersion)
			.set("locale", locale)
			.set("active", true)
			.set("lastSeenAt", now)
			.unset("retiredAt")
			.unset("retiredReason")
			.setOnInsert("_id", UUID.randomUUID().toString())
			.setOnInsert("registeredAt", now);
		FindAndModifyOptions upsert = FindAndModifyOptions.options().upsert(true).returnNew(true);
		try {
			return mongo.findAndModify(query(where("token").is(token)), update, upsert, DeviceDocument.class).id();
		}
		catch (DuplicateKeyException raced) {
			// The same token registered at the same moment by another request: the other insert won, so
			// this one now finds and updates it.
			return mongo.findAndModify(query(where("token").is(token)), update, upsert, DeviceDocument.class).id();
		}
	}

	/**
	 * Removes one of the user's own phones, e.g. on sign-out.
	 * @return whether the user had such a device
	 */
	public boolean remove(UserId user, String deviceId) {
		Objects.requireNonNull(user, "user");
		if (deviceId == null || deviceId.isBlank()) {
			return false;
		}
		return mongo.remove(query(where("_id").is(deviceId).and("userId").is(user.value())), DeviceDocument.class)
			.getDeletedCount() > 0;
	}

	/** The user's phones that push is sent to, oldest registration first. */
	public List<Device> activeFor(UserId user) {
		return activeDocumentsOf(user.value()).stream().map(DeviceDocument::toDevice).toList();
	}

	List<DeviceDocument> activeDocumentsOf(String userId) {
		return mongo.find(query(where("userId").is(userId).and("active").is(true)).with(Sort.by("registeredAt")),
				DeviceDocument.class);
	}

	/**
	 * Stops pushing to a phone FCM no longer knows. Only while it still has that token, so a phone that
	 * registered again in the meantime stays active.
	 */
	void retire(String deviceId, String token, String reason) {
		mongo.updateFirst(query(where("_id").is(deviceId).and("token").is(token).and("active").is(true)),
				new Update().set("active", false).set("retiredAt", clock.instant()).set("retiredReason", reason),
				DeviceDocument.class);
	}

	/**
	 * Retires the phones not seen (registered again, as the app does at every start) for
	 * {@link #UNSEEN}: a phone gone for a month is most likely lost, sold or reset, and pushing to it
	 * tells no one. Scheduled, since the embedded store has no TTL indexes; safe on several instances
	 * (one conditional multi-update).
	 * @return how many were retired
	 */
	@Scheduled(initialDelayString = "${shouhu.notification.device-sweep-interval:PT1H}",
			fixedDelayString = "${shouhu.notification.device-sweep-interval:PT1H}")
	public long retireUnseen() {
		Instant now = clock.instant();
		return mongo.updateMulti(query(where("active").is(true).and("lastSeenAt").lt(now.minus(UNSEEN))),
				new Update().set("active", false).set("retiredAt", now).set("retiredReason", "not-seen-30-days"),
				DeviceDocument.class)
			.getModifiedCount();
	}

	private static void checkToken(String token) {
		if (token == null || token.isBlank()) {
			throw new InvalidDevice("token is required.");
		}
		if (token.length() > MAX_TOKEN_LENGTH) {
			throw new InvalidDevice("token must be at most " + MAX_TOKEN_LENGTH + " characters.");
		}
		if (token.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
			throw new InvalidDevice("token must not contain spaces or control characters.");
		}
	}
}
