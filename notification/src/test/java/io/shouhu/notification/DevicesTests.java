package io.shouhu.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.shouhu.casework.UserId;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;

class DevicesTests {

	static final UserId ZHANG = new UserId("zhang.wei");

	static final UserId LI = new UserId("li.na");

	StoreFixture store = new StoreFixture();

	NotificationTestApp.MovableClock clock = new NotificationTestApp.MovableClock(Instant.parse("2026-03-01T08:00:00Z"));

	Devices devices = new Devices(store.mongo, Optional.of(clock));

	@AfterEach
	void stop() {
		store.close();
	}

	@Test
	void registeringATokenAgainUpdatesTheSameDevice() {
		String id = devices.register(ZHANG, "tok-1", Platform.ANDROID, "1.0.0", "zh-CN");
		clock.advance(Duration.ofHours(1));
		String again = devices.register(ZHANG, "tok-1", Platform.ANDROID, "1.1.0", "zh-Hans-CN");

		assertThat(again).isEqualTo(id);
		assertThat(devices.activeFor(ZHANG)).singleElement().satisfies(device -> {
			assertThat(device.appVersion()).isEqualTo("1.1.0");
			assertThat(device.locale()).isEqualTo("zh-Hans-CN");
			assertThat(device.registeredAt()).isEqualTo(Instant.parse("2026-03-01T08:00:00Z"));
			assertThat(device.lastSeenAt()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
		});
	}

	@Test
	void aTokenRegisteredByAnotherUserMovesToThem() {
		String id = devices.register(ZHANG, "tok-shared-phone", Platform.IOS, null, null);
		assertThat(devices.register(LI, "tok-shared-phone", Platform.IOS, null, null)).isEqualTo(id);

		assertThat(devices.activeFor(ZHANG)).isEmpty();
		assertThat(devices.activeFor(LI)).extracting(Device::id).containsExactly(id);
		assertThat(devices.remove(ZHANG, id)).as("no longer Zhang's").isFalse();
		assertThat(devices.activeFor(LI)).hasSize(1);
	}

	@Test
	void usersRemoveOnlyTheirOwnDevices() {
		String zhangs = devices.register(ZHANG, "tok-z", Platform.ANDROID, null, null);
		String lis = devices.register(LI, "tok-l", Platform.ANDROID, null, null);

		assertThat(devices.remove(ZHANG, lis)).isFalse();
		assertThat(devices.remove(ZHANG, zhangs)).isTrue();
		assertThat(devices.remove(ZHANG, zhangs)).isFalse();
		assertThat(devices.activeFor(ZHANG)).isEmpty();
		assertThat(devices.activeFor(LI)).extracting(Device::id).containsExactly(lis);
	}

	@Test
	void aRetiredDeviceComesBackWhenItsTokenIsRegisteredAgain() {
		String id = devices.register(ZHANG, "tok-1", Platform.ANDROID, null, null);
		devices.retire(id, "tok-1", "UNREGISTERED");
		assertThat(devices.activeFor(ZHANG)).isEmpty();

		assertThat(devices.register(ZHANG, "tok-1", Platform.ANDROID, null, null)).isEqualTo(id);
		assertThat(devices.activeFor(ZHANG)).hasSize(1);
		Document stored = store.mongo.getCollection("devices").find().first();
		assertThat(stored).doesNotContainKeys("retiredAt", "retiredReason");
		assertThat(stored.getString("userId")).isEqualTo("zhang.wei");
		assertThat(stored.getString("platform")).isEqualTo("android");
	}

	@Test
	void malformedRegistrationsAreRefusedWithoutEchoingTheToken() {
		assertThatThrownBy(() -> devices.register(ZHANG, null, Platform.ANDROID, null, null))
			.isInstanceOf(InvalidDevice.class)
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> devices.register(ZHANG, " ", Platform.ANDROID, null, null))
			.isInstanceOf(InvalidDevice.class);
		assertThatThrownBy(() -> devices.register(ZHANG, "secret-part other-part", Platform.ANDROID, null, null))
			.isInstanceOf(InvalidDevice.class)
			.message()
			.doesNotContain("secret-part");
		assertThatThrownBy(() -> devices.register(ZHANG, "x".repeat(Devices.MAX_TOKEN_LENGTH + 1), Platform.ANDROID,
				null, null))
			.isInstanceOf(InvalidDevice.class);
		assertThatThrownBy(() -> devices.register(ZHANG, "tok", null, null, null)).isInstanceOf(InvalidDevice.class);
		assertThatThrownBy(() -> devices.register(ZHANG, "tok", Platform.IOS, "1.0 beta", null))
			.isInstanceOf(InvalidDevice.class);
		assertThatThrownBy(() -> devices.register(ZHANG, "tok", Platform.IOS, null, "zh CN"))
			.isInstanceOf(InvalidDevice.class);
		assertThat(devices.register(ZHANG, "x".repeat(Devices.MAX_TOKEN_LENGTH), Platform.IOS, null, null)).isNotBlank();
	}

	@Test
	void tokensAreUniqueInTheStore() {
		devices.register(ZHANG, "tok-1", Platform.ANDROID, null, null);
		assertThatThrownBy(() -> store.mongo.insert(new DeviceDocument("other-id", "tok-1", "li.na", "ios", null, null,
				true, clock.instant(), clock.instant(), null, null)))
			.isInstanceOf(DuplicateKeyException.class);
	}

	@Test
	void platformsByCode() {
		assertThat(Platform.ofCode("android")).isEqualTo(Platform.ANDROID);
		assertThat(Platform.ofCode("ios")).isEqualTo(Platform.IOS);
		assertThat(Platform.ofCode("IOS")).isNull();
		assertThat(Platform.ofCode(null)).isNull();
		assertThat(Platform.IOS.code()).isEqualTo("ios");
	}

	@Test
	void phonesNotSeenForThirtyDaysAreRetiredAndThoseSeenSinceAreKept() {
		devices.register(ZHANG, "token-old", Platform.ANDROID, "1.0", "zh-CN");
		clock.advance(java.time.Duration.ofDays(20));
		devices.register(LI, "token-recent", Platform.IOS, "1.0", "zh-CN");
		clock.advance(java.time.Duration.ofDays(10).plusMinutes(1));

		assertThat(devices.retireUnseen()).isEqualTo(1);
		assertThat(devices.activeFor(ZHANG)).isEmpty();
		assertThat(devices.activeFor(LI)).hasSize(1);
		assertThat(devices.retireUnseen()).isZero();

		devices.register(ZHANG, "token-old", Platform.ANDROID, "1.1", "zh-CN");
		assertThat(devices.activeFor(ZHANG)).as("the app started again on that phone").hasSize(1);
	}
}
