package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.TestConnectors.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobAttempt;
import io.cynodeai.connector.api.job.JobState;
import io.cynodeai.connector.api.job.NewJob;
import io.cynodeai.connector.api.store.JobStore;
import io.cynodeai.connector.api.store.StoreException;
import io.cynodeai.connector.core.store.InMemoryJobStore;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** {@link TestHost#awaitJob} waits through a job store that cannot answer, instead of calling the job unknown. */
class AwaitJobStoreOutageTest {
  /** An in-memory job store whose lookups fail while {@code failingFinds} is above zero. */
  static final class FlakyFinds implements JobStore {
    final JobStore delegate = new InMemoryJobStore();
    final AtomicInteger failingFinds = new AtomicInteger();

    @Override
    public Job submit(NewJob job) {
      return delegate.submit(job);
    }

    @Override
    public Optional<Job> find(String jobId) {
      if (failingFinds.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new StoreException("the job store is down", new IOException("connection refused"));
      }
      return delegate.find(jobId);
    }

    @Override
    public List<Job> claim(String node, int max, Duration lease) {
      return delegate.claim(node, max, lease);
    }

    @Override
    public Optional<Boolean> renew(String jobId, String node, Duration lease) {
      return delegate.renew(jobId, node, lease);
    }

    @Override
    public boolean finish(String jobId, String node, JobState next, @Nullable Outcome outcome, JobAttempt attempt,
        Duration retryDelay) {
      return delegate.finish(jobId, node, next, outcome, attempt, retryDelay);
    }

    @Override
    public Optional<Job> cancel(String jobId) {
      return delegate.cancel(jobId);
    }

    @Override
    public List<Job> deadLetters(String tenant, int limit) {
      return delegate.deadLetters(tenant, limit);
    }

    @Override
    public boolean requeue(String jobId) {
      return delegate.requeue(jobId);
    }

    @Override
    public boolean purge(String jobId) {
      return delegate.purge(jobId);
    }

    @Override
    public Map<JobState, Integer> countByState() {
      return delegate.countByState();
    }
  }

  @Test
  void aJobIsAwaitedThroughAFewFailedLookups() throws Exception {
    FlakyFinds store = new FlakyFinds();
    try (WeatherConnector.Provider provider = new WeatherConnector.Provider();
        TestHost host = TestHost.builder(WeatherConnector.type()).config(provider.config()).secret("apiKey", "k")
            .engine(b -> b.jobStore(store)).start()) {
      String jobId = host.submit("current", json("{\"station\":\"KSEA\"}"), null);
      store.failingFinds.set(3);

      Job job = host.awaitJob(jobId, Duration.ofSeconds(30));

      assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(store.failingFinds.get()).isZero();
    }
  }

  @Test
  void aStoreThatNeverAnswersEndsTheWaitAtTheTimeoutSayingSo() throws Exception {
    FlakyFinds store = new FlakyFinds();
    try (WeatherConnector.Provider provider = new WeatherConnector.Provider();
        TestHost host = TestHost.builder(WeatherConnector.type()).config(provider.config()).secret("apiKey", "k")
            .engine(b -> b.jobStore(store)).start()) {
      String jobId = host.submit("current", json("{\"station\":\"KSEA\"}"), null);
      store.failingFinds.set(Integer.MAX_VALUE);

      assertThatThrownBy(() -> host.awaitJob(jobId, Duration.ofMillis(300)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("the job store could not read job " + jobId)
          .hasMessageEndingWith("after 300 ms");
      assertThatThrownBy(() -> host.awaitJob("no-such-job", Duration.ofMillis(300)))
          .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("the job store could not read job");
      store.failingFinds.set(0);
      assertThatThrownBy(() -> host.awaitJob("no-such-job", Duration.ofSeconds(5)))
          .isInstanceOf(IllegalStateException.class).hasMessage("no job no-such-job");
    }
  }
}
