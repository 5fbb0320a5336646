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

/// <summary>How grain state is laid out in the store.</summary>
public enum GrainStateLayout
{
    /// <summary>One blob per grain: one conditional request per grain write; memory holds only active grains.</summary>
    Blobs,

    /// <summary>
    /// A shared log of append blobs with group commit: many grain writes per request, so intake is far higher on Azure;
    /// every node keeps all grain state in memory. Needs append blobs (<see cref="StoreKind.Memory"/> or <see cref="StoreKind.AzureBlob"/>).
    /// </summary>
    Journal,
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

    /// <summary>For <see cref="StoreKind.AzureBlob"/> with Shared Key: a storage connection string, e.g. <c>UseDevelopmentStorage=true</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>For <see cref="StoreKind.AzureBlob"/> with Microsoft Entra ID: https://account.blob.core.windows.net (DefaultAzureCredential).</summary>
    public Uri? AccountUrl { get; set; }

    /// <summary>For <see cref="StoreKind.AzureBlob"/>: the container, created when missing.</summary>
    public string Container { get; set; } = "microfactory";

    /// <summary>How grain state is kept: a blob per grain (default) or the journal.</summary>
    public GrainStateLayout GrainState { get; set; } = GrainStateLayout.Blobs;

    /// <summary>For <see cref="GrainStateLayout.Journal"/>: a segment this large (MiB) is sealed and followed by a snapshot.</summary>
    public int JournalSegmentMegabytes { get; set; } = 64;

    /// <summary>The first thing wrong with these options, or null when they are usable. Names the setting to fix.</summary>
    public string? Problem()
    {
        if (GrainState == GrainStateLayout.Journal && Kind == StoreKind.LocalDirectory)
        {
            return $"{Section}:GrainState Journal needs append blobs: set {Section}:Kind to AzureBlob or Memory, or {Section}:GrainState to Blobs.";
        }

        if (!Enum.IsDefined(GrainState))
        {
            return $"{Section}:GrainState '{GrainState}' is not one of Blobs, Journal.";
        }

        if (JournalSegmentMegabytes is < 1 or > 190_000)
        {
            return $"{Section}:JournalSegmentMegabytes must be 1 to 190000 (an append blob holds at most 195 GiB); it is {JournalSegmentMegabytes}.";
        }

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

                try
                {
                    AzureBlob.ContainerName.Validate(Container);
                    if (ConnectionString is not null)
                    {
                        AzureBlob.StorageConnectionString.Parse(ConnectionString);
                    }
                }
                catch (ArgumentException e)
                {
                    return $"{Section}: {e.Message}";
                }

                return null;
            default:
                return $"{Section}:Kind '{Kind}' is not one of Memory, LocalDirectory, AzureBlob.";
        }
    }
}
