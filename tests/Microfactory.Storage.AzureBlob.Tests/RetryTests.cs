using System.Diagnostics;
using Microfactory.Testing;

namespace Microfactory.Storage.AzureBlob.Tests;

/// <summary>The SDK, as the store configures it, retries what is transient and never a conflict, signs every attempt, and gives up on a stalled server.</summary>
public sealed class RetryTests
{
    private static AzureBlobStoreOptions FastRetries => new()
    {
        Container = "retries",
        MaxRetries = 3,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(40),
        NetworkTimeout = AzuriteProcess.TestNetworkTimeout,
    };

    [Fact]
    public async Task A_busy_server_is_retried_until_it_answers_and_every_attempt_is_signed()
    {
        using var endpoint = new ScriptedBlobEndpoint((201, null), (503, "ServerBusy"), (500, "InternalError"), (201, null));
        var store = AzureBlobStore.FromConnectionString(endpoint.ConnectionString, FastRetries);

        // The first 201 answers the container's creation on the store's first write.
        var etag = await store.PutAsync("k", "x"u8.ToArray(), WriteCondition.IfNotExists).Within("put through two transient failures");

        Assert.Equal("\"0x8DC0000000000001\"", etag);
        Assert.Equal(4, endpoint.Attempts.Count);
        Assert.All(endpoint.Attempts, a => Assert.StartsWith("SharedKey devstoreaccount1:", a.Authorization, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(412, "ConditionNotMet", StoreConflictKind.PreconditionFailed)]
    [InlineData(409, "BlobAlreadyExists", StoreConflictKind.AlreadyExists)]
    public async Task A_conflict_is_answered_at_once_and_never_retried(int status, string code, StoreConflictKind kind)
    {
        using var endpoint = new ScriptedBlobEndpoint((201, null), (status, code), (201, null));
        var store = AzureBlobStore.FromConnectionString(endpoint.ConnectionString, FastRetries);

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(
            () => store.PutAsync("k", "x"u8.ToArray(), WriteCondition.IfMatches("\"0x1\""))).Within("conditional put");

        Assert.Equal(kind, conflict.Kind);
        Assert.Contains(code, conflict.Message, StringComparison.Ordinal);
        Assert.Equal(2, endpoint.Attempts.Count); // the container's creation, then the one write
    }

    [Fact]
    public async Task Persistent_throttling_gives_up_after_the_configured_retries_with_the_error_code()
    {
        using var endpoint = new ScriptedBlobEndpoint(Enumerable.Repeat<(int, string?)>((503, "ServerBusy"), 10).ToArray());
        var store = AzureBlobStore.FromConnectionString(endpoint.ConnectionString, FastRetries);

        var error = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => store.GetAsync("k")).Within("get while throttled");

        Assert.Equal(503, error.Status);
        Assert.Equal("ServerBusy", error.ErrorCode);
        Assert.Equal(1 + FastRetries.MaxRetries, endpoint.Attempts.Count);
    }

    [Fact]
    public async Task A_stalled_server_costs_one_network_timeout_per_attempt_then_the_store_is_unavailable()
    {
        using var endpoint = new ScriptedBlobEndpoint(Enumerable.Repeat<(int, string?)>((ScriptedBlobEndpoint.Stall, null), 10).ToArray());
        var options = FastRetries;
        options.MaxRetries = 1;
        options.NetworkTimeout = TimeSpan.FromMilliseconds(500);
        var store = AzureBlobStore.FromConnectionString(endpoint.ConnectionString, options);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetAsync("k")).Within("get from a server that never answers");

        Assert.Contains("unreachable", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"gave up after {clock.Elapsed}, before two timeouts of 500 ms");

        // The endpoint records a request when its listener takes it, which on a loaded machine can come after the
        // client's 500 ms gave up on it.
        await Await.Until(() => Task.FromResult(endpoint.Attempts.Count >= 2), "the endpoint to record the retry", TimeSpan.FromSeconds(10));
        Assert.Equal(2, endpoint.Attempts.Count);
    }

    [Fact]
    public async Task An_unreachable_account_is_unavailable_with_the_reason()
    {
        var closedPort = AzuriteProcess.FreeLoopbackPort();
        var store = AzureBlobStore.FromConnectionString(AzuriteProcess.ConnectionStringFor(closedPort), FastRetries);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CheckReadyAsync()).Within("readiness check");

        Assert.Contains("unreachable", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{closedPort}", error.Message, StringComparison.Ordinal);
    }
}
