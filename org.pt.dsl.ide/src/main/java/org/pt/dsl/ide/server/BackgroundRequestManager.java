package org.pt.dsl.ide.server;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.eclipse.xtext.ide.server.concurrent.AbstractRequest;
import org.eclipse.xtext.ide.server.concurrent.RequestManager;
import org.eclipse.xtext.ide.server.concurrent.WriteRequest;
import org.eclipse.xtext.service.OperationCanceledManager;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.xbase.lib.Functions.Function0;
import org.eclipse.xtext.xbase.lib.Functions.Function2;

/**
 * Xtext's request manager plus a write that does not cancel what runs before it: Xtext's every write cancels the
 * requests in flight (an edit makes their answers stale), so a background build batch would cancel the hover or
 * definition an editor asked for while the workspace is being indexed. A {@linkplain #runBackgroundWrite background
 * write} waits for them instead; it is still cancelled by the next ordinary write, an edit.
 */
@Singleton
public class BackgroundRequestManager extends RequestManager {

    /** The requests submitted since the last background write, done ones dropped as new ones come. */
    private final List<AbstractRequest<?>> submitted = new ArrayList<>();

    @Inject
    public BackgroundRequestManager(ExecutorService parallel, OperationCanceledManager cancellation) {
        super(parallel, cancellation);
    }

    /** How many requests have been submitted so far (for tests: a rename must be one read request alone). */
    private long count;

    @Override
    protected synchronized void addRequest(AbstractRequest<?> request) {
        super.addRequest(request);
        count++;
        submitted.removeIf(r -> r.get().isDone());
        submitted.add(request);
    }

    /** How many requests (reads and writes) have been submitted so far. */
    public synchronized long submittedCount() {
        return count;
    }

    /** A write that runs once the requests before it are done, without cancelling them. */
    public synchronized <U, V> CompletableFuture<V> runBackgroundWrite(Function0<? extends U> nonCancellable,
            Function2<? super CancelIndicator, ? super U, ? extends V> cancellable) {
        CompletableFuture<?>[] before = submitted.stream()
                .map(r -> r.get().handle((result, error) -> null)) // their errors are theirs, not this write's
                .toArray(CompletableFuture[]::new);
        return submit(new WriteRequest<>(this, nonCancellable, cancellable, CompletableFuture.allOf(before)));
    }
}
