namespace Microfactory.Storage.Configuration;

public enum StoreKind
{
    /// <summary>Process memory: tests and demos; everything is gone on exit.</summary>
    Memory,

    /// <summary>Files under <see cref="StoreOptions.Directory"/>: the embedded default, persistent with no server.</summary>
    LocalDirectory,

    /// <summary>Azure Blob Storage (or Azurite) via <see cref="StoreOptions.ConnectionString"/> or <see cref="StoreOptions.AccountUrl"/>.</summary>
    AzureBlob,
}

/// <summary>Which store backend the process uses; bound from the <c>Store</c> configuration section.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    public StoreKind Kind { get; set; } = StoreKind.LocalDirectory;

    /// <summary>For <see cref="StoreKind.LocalDirectory"/>: the directory, created when missing; several processes may share it.</summary>
    public string Directory { get; set; } = ".data/store";

    /// <summary>For <see cref="StoreKind.LocalDirectory"/>: fsync each write (turn off only for throwaway data).</summary>
    public bool DurableWrites { get; set; } = true;

    /// <summary>For <see cref="StoreKind.AzureBlob"/> with Shared Key (or SAS): a storage connection string, e.g. <c>UseDevelopmentStorage=true</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>For <see cref="StoreKind.AzureBlob"/> with Microsoft Entra ID: https://account.blob.core.windows.net (DefaultAzureCredential).</summary>
    public Uri? AccountUrl { get; set; }

    /// <summary>For <see cref="StoreKind.AzureBlob"/>: the container, created when missing.</summary>
    public string Container { get; set; } = "microfactory";

    /// <summary>For <see cref="StoreKind.AzureBlob"/>: the container Orleans keeps grain state in (one JSON blob per grain).</summary>
    public string GrainContainer { get; set; } = "grainstate";
    /// <summary>For <see cref="StoreKind.AzureBlob"/>: how long one attempt may take before it is abandoned and retried.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>For <see cref="StoreKind.AzureBlob"/>: retries of a timed-out, throttled (429, 503) or failed (5xx) request; never of a conflict.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>The first thing wrong with these options, or null when they are usable. Names the setting to fix.</summary>
    public string? Problem()
    {
        switch (Kind)
        {
            case StoreKind.Memory:
                return null;
            case StoreKind.LocalDirectory:
                return string.IsNullOrWhiteSpace(Directory) ? $"{Section}:Directory is required when {Section}:Kind is LocalDirectory." : null;
            case StoreKind.AzureBlob:
                if (string.IsNullOrWhiteSpace(ConnectionString) == (AccountUrl is null))
                {
                    return $"{Section}:Kind is AzureBlob: set exactly one of {Section}:ConnectionString (Shared Key) or {Section}:AccountUrl (Microsoft Entra ID).";
                }

                if (AccountUrl is { } url && (!url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttps))
                {
                    return $"{Section}:AccountUrl '{url}' must be an absolute https URL.";
                }

                foreach (var (setting, container) in new[] { (nameof(Container), Container), (nameof(GrainContainer), GrainContainer) })
                {
                    try
                    {
                        AzureBlob.ContainerName.Validate(container);
                    }
                    catch (ArgumentException e)
                    {
                        return $"{Section}:{setting}: {e.Message}";
                    }
                }

                if (NetworkTimeout <= TimeSpan.Zero || MaxRetries is < 0 or > 20)
                {
                    return $"{Section}:NetworkTimeout must be positive and {Section}:MaxRetries 0 to 20 (got {NetworkTimeout} and {MaxRetries}).";
                }

                try
                {
                    if (ConnectionString is not null)
                    {
                        AzureBlob.AzureBlobStore.ValidateConnectionString(ConnectionString);
                    }
                }
                catch (ArgumentException e)
                {
                    return $"{Section}:ConnectionString: {e.Message}";
                }

                return null;
            default:
                return $"{Section}:Kind '{Kind}' is not one of Memory, LocalDirectory, AzureBlob.";
        }
    }
}
