using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Microfactory.Storage.Configuration;

namespace Microfactory.Orchestrator.Hosting;

/// <summary>
/// The Table service of the storage account <c>Store</c> names, for Orleans' Azure Table membership and reminders:
/// <c>Orleans:Clustering:ServiceKey=store</c> (and the same under Reminders) reuses the account, credential, timeout
/// and retries of the grain state and artifacts, so a cluster needs one set of storage settings.
/// </summary>
public static class StoreTables
{
    /// <summary>The keyed-service name Orleans' <c>ServiceKey</c> setting refers to.</summary>
    public const string ServiceKey = "store";

    public static TableServiceClient Create(StoreOptions store, TokenCredential? credential = null)
    {
        if (store.Kind != StoreKind.AzureBlob || store.Problem() is not null)
        {
            throw new InvalidOperationException(
                $"Orleans:Clustering or Orleans:Reminders has ServiceKey '{ServiceKey}', which needs {StoreOptions.Section}:Kind AzureBlob with a usable account "
                + $"({store.Problem() ?? $"{StoreOptions.Section}:Kind is {store.Kind}"}); or give that section its own ConnectionString.");
        }

        var options = new TableClientOptions();
        options.Retry.NetworkTimeout = store.NetworkTimeout;
        options.Retry.MaxRetries = store.MaxRetries;
        return store.ConnectionString is { } connectionString
            ? new TableServiceClient(connectionString, options)
            : new TableServiceClient(TableEndpoint(store.AccountUrl!), credential ?? new DefaultAzureCredential(), options);
    }

    /// <summary>https://account.blob.core.windows.net becomes https://account.table.core.windows.net: the same account's Table service.</summary>
    public static Uri TableEndpoint(Uri blobAccountUrl)
    {
        var host = blobAccountUrl.Host;
        var blob = host.IndexOf(".blob.", StringComparison.OrdinalIgnoreCase);
        if (blob < 0)
        {
            throw new InvalidOperationException(
                $"{StoreOptions.Section}:AccountUrl host '{host}' has no '.blob.' label to derive the account's Table endpoint from; give Orleans:Clustering and Orleans:Reminders a ConnectionString (the table service URL) instead.");
        }

        return new UriBuilder(blobAccountUrl) { Host = string.Concat(host.AsSpan(0, blob), ".table.", host.AsSpan(blob + ".blob.".Length)), Path = "/" }.Uri;
    }
}
