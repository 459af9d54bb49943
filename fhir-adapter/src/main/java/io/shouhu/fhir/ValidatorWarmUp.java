package io.shouhu.fhir;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Warms the report validator up in the background while the rest of the application starts, and
 * holds the web server back until it is done. The first validation loads and converts all of FHIR's
 * base definitions (seconds of CPU): done in line it would add to the start time, done lazily the first
 * hospital's report would wait for it. Lifecycles start in ascending phase, the web server's at
 * {@link WebServerApplicationContext#START_STOP_LIFECYCLE_PHASE}, so this one's {@link #start()},
 * which waits for the warm-up, comes first.
 */
final class ValidatorWarmUp implements SmartLifecycle {

	private final CompletableFuture<Void> warmUp;

	private volatile boolean running;

	ValidatorWarmUp(ReportValidator validator) {
		this.warmUp = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				validator.warmUp();
				validator.guide();
				warmUp.complete(null);
			}
			catch (Throwable failed) {
				warmUp.completeExceptionally(failed);
			}
		}, "fhir-validator-warm-up");
		thread.setDaemon(true);
		thread.start();
	}

	/** Waits for the warm-up; a warm-up that failed fails the start: the guide itself is broken. */
	@Override
	public void start() {
		try {
			warmUp.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while the FHIR validator warmed up", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("The FHIR validator could not be warmed up", ex.getCause());
		}
		running = true;
	}

	@Override
	public void stop() {
		running = false;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;
	}
}
