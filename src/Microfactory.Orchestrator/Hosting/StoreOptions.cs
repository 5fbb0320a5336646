namespace Microfactory.Orchestrator.Hosting;

public enum StoreKind
{
    /// <summary>Process memory: tests and throwaway demos.</summary>
    Memory,

    /// <summary>A local directory: the embedded default, persists across restarts with no server.</summary>
    LocalDirectory,

    /// <summary>Azure Blob Storage (or Azurite) by connection string or account URL.</summary>
    AzureBlob,
}

/// <summary>Where grain state and design artifacts live (section "Store").</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    public StoreKind Kind { get; set; } = StoreKind.LocalDirectory;

    /// <summary>For LocalDirectory; relative paths are under the working directory.</summary>
    public string Directory { get; set; } = ".data/store";

    /// <summary>For AzureBlob with Shared Key (UseDevelopmentStorage=true for Azurite). A secret: never logged.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>For AzureBlob with Microsoft Entra tokens (managed or workload identity): https://account.blob.core.windows.net.</summary>
    public Uri? AccountUrl { get; set; }

    public string Container { get; set; } = "microfactory";
}
