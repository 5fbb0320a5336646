using Azure.Core;
using Microfactory.Testing;

namespace Microfactory.Storage.AzureBlob.Tests;

/// <summary>The pipeline retries what is transient and never a conflict, and signs every attempt.</summary>
public sealed class RetryTests
{
    private static AzureBlobStoreOptions FastRetries => new()
    {
        Container = "retries",
        MaxRetries = 3,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(40),
    };

    [Theory]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(400, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(409, false)]
    [InlineData(412, false)]
    public void Only_timeouts_throttling_and_server_errors_are_retried(int status, bool retried)
    {
        Assert.Equal(retried, BlobRetryClassifier.IsRetriableStatus(status));
    }

    [Fact]
    public async Task A_busy_server_is_retried_until_it_answers_and_every_attempt_is_signed()
    {
        using var endpoint = new ScriptedBlobEndpoint((503, "ServerBusy"), (500, "InternalError"), (201, null));
        var store = AzureBlobStore.FromConnectionString(endpoint.ConnectionString, FastRetries);

        var etag = await store.PutAsync("k", "x"u8.ToArray(), WriteCondition.IfNotExists).Within("put through two transient failures");

        Assert.Equal("\"0x8DC0000000000001\"", etag);
        Assert.Equal(3, endpoint.Attempts.Count);
        Assert.All(endpoint.Attempts, a => Assert.StartsWith("SharedKey devstoreaccount1:", a.Authorization, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(412, "ConditionNotMet", StoreConflictKind.PreconditionFailed)]
    [InlineData(409, "BlobAlreadyExists", StoreConflictKind.AlreadyExists)]
    public async Task A_conflict_is_answered_at_once_and_never_retried(int status, string code, StoreConflictKind kind)
    {
        using var endpoint = new ScriptedBlobEndpoint((status, code), (201, null));
        var store = AzureBlobStore.FromConnectionString(endpoint.ConnectionString, FastRetries);

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(
            () => store.PutAsync("k", "x"u8.ToArray(), WriteCondition.IfMatches("\"0x1\""))).Within("conditional put");

        Assert.Equal(kind, conflict.Kind);
        Assert.Contains(code, conflict.Message, StringComparison.Ordinal);
        Assert.Single(endpoint.Attempts);
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
    public async Task An_unreachable_account_is_unavailable_with_the_reason()
    {
        var closedPort = AzuriteProcess.FreeLoopbackPort();
        var store = AzureBlobStore.FromConnectionString(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={StorageConnectionString.DevelopmentAccountKey};BlobEndpoint=http://127.0.0.1:{closedPort}/devstoreaccount1",
            FastRetries);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CheckReadyAsync()).Within("readiness check");

        Assert.Contains("unreachable", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{closedPort}", error.Message, StringComparison.Ordinal);
    }
}
