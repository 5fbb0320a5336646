using Azure.Core;
using Azure.Identity;
using Microfactory.Testing;

namespace Microfactory.Storage.AzureBlob.Tests;

/// <summary>Microsoft Entra ID for an account URL: the storage scope is asked for, and a missing identity is a clear "unavailable".</summary>
public sealed class TokenCredentialTests
{
    [Fact]
    public async Task A_credential_without_a_token_makes_the_store_unavailable_asking_for_the_storage_scope()
    {
        var credential = new NoIdentityCredential();
        var store = AzureBlobStore.FromAccountUrl(new Uri($"https://127.0.0.1:{AzuriteProcess.FreeLoopbackPort()}/mfaccount"), credential,
            new AzureBlobStoreOptions { MaxRetries = 0 });

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CheckReadyAsync()).Within("readiness check");

        Assert.Contains("no token for the storage account", error.Message, StringComparison.Ordinal);
        Assert.Contains("no managed identity here", error.Message, StringComparison.Ordinal);
        Assert.Equal(["https://storage.azure.com/.default"], credential.RequestedScopes);
    }

    [Fact]
    public void A_plain_http_account_url_is_refused_because_tokens_would_travel_in_clear()
    {
        var error = Assert.Throws<ArgumentException>(() => AzureBlobStore.FromAccountUrl(new Uri("http://mf.blob.core.windows.net"), new NoIdentityCredential()));

        Assert.Contains("must be an absolute https URL", error.Message, StringComparison.Ordinal);
    }

    private sealed class NoIdentityCredential : TokenCredential
    {
        public string[] RequestedScopes { get; private set; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            RequestedScopes = requestContext.Scopes;
            throw new CredentialUnavailableException("no managed identity here");
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
