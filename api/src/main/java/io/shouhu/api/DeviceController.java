package io.shouhu.api;

import java.net.URI;

import io.shouhu.notification.Devices;
import io.shouhu.notification.InvalidDevice;
import io.shouhu.notification.Platform;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's phones, registered for push. */
@RestController
@RequestMapping("/api/devices")
class DeviceController {

	private final Devices devices;

	DeviceController(Devices devices) {
		this.devices = devices;
	}

	@PostMapping
	ResponseEntity<RegisteredDevice> register(@AuthenticationPrincipal Jwt jwt, @RequestBody DeviceRegistration body) {
		Caller caller = Caller.of(jwt);
		if (body == null) {
			throw new InvalidDevice("A device needs a token and a platform.");
		}
		Platform platform = Platform.ofCode(body.platform());
		if (platform == null) {
			throw new InvalidDevice("platform must be android or ios.");
		}
		String id = devices.register(caller.user(), body.token(), platform, body.appVersion(), body.locale());
		return ResponseEntity.created(URI.create("/api/devices/" + id)).body(new RegisteredDevice(id));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void remove(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
		devices.remove(Caller.of(jwt).user(), id);
	}

	record DeviceRegistration(String token, String platform, String appVersion, String locale) {
	}

	record RegisteredDevice(String id) {
	}
}
