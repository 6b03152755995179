package io.rwx.kit.lanes;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class VolumeLanesTest {

    @Test
    void tasksOfOneVolumeRunOneAtATimeInOrderWhileOtherVolumesRunAlongside() throws Exception {
        try (VolumeLanes lanes = new VolumeLanes("t", 4)) {
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger maxInFlight = new AtomicInteger();
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                all.add(lanes.run("vol-a", () -> {
                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    order.add(n);
                    inFlight.decrementAndGet();
                }));
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
            assertThat(maxInFlight).hasValue(1);
            assertThat(order).isSorted().hasSize(200);

            // a blocked volume does not block one in another stripe
            CountDownLatch release = new CountDownLatch(1);
            String blocked = "vol-blocked";
            String other = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "vol-" + i)
                    .filter(k -> Math.floorMod(k.hashCode(), 4) != Math.floorMod(blocked.hashCode(), 4))
                    .findFirst().orElseThrow();
            lanes.run(blocked, () -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            lanes.run(other, () -> { }).get(5, TimeUnit.SECONDS);
            release.countDown();
        }
    }

    @Test
    void aReconcileRequestedWhileOneIsQueuedJoinsIt() throws Exception {
        try (VolumeLanes lanes = new VolumeLanes("t", 1)) {
            CountDownLatch hold = new CountDownLatch(1);
            lanes.run("v", () -> {
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            AtomicInteger runs = new AtomicInteger();
            CompletableFuture<Void> first = lanes.reconcile("v", runs::incrementAndGet);
            CompletableFuture<Void> second = lanes.reconcile("v", runs::incrementAndGet);
            assertThat(second).isSameAs(first);
            hold.countDown();
            first.get(5, TimeUnit.SECONDS);
            lanes.reconcile("v", runs::incrementAndGet).get(5, TimeUnit.SECONDS);
            assertThat(runs).hasValue(2);
        }
    }

    @Test
    void aDelayedTaskReentersItsLaneWithoutHoldingItMeanwhile() throws Exception {
        try (VolumeLanes lanes = new VolumeLanes("t", 1)) {
            CountDownLatch delayed = new CountDownLatch(1);
            lanes.schedule("v", Duration.ofMillis(200), delayed::countDown);
            lanes.run("v", () -> { }).get(1, TimeUnit.SECONDS); // the lane is free while the delay runs
            assertThat(delayed.getCount()).isEqualTo(1);
            assertThat(delayed.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aFailingTaskFailsItsFutureAndTheLaneGoesOn() throws Exception {
        try (VolumeLanes lanes = new VolumeLanes("t", 1)) {
            CompletableFuture<Object> failed = lanes.submit("v", () -> {
                throw new IllegalStateException("boom");
            });
            assertThat(failed).failsWithin(Duration.ofSeconds(5)).withThrowableThat().withMessageContaining("boom");
            assertThat(lanes.submit("v", () -> 42).get(5, TimeUnit.SECONDS)).isEqualTo(42);
        }
    }
}
