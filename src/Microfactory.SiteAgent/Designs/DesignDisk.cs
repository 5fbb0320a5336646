namespace Microfactory.SiteAgent.Designs;

/// <summary>
/// Design bundles under the agent's state directory: downloads in progress at <c>designs/.downloads/&lt;sha256&gt;.part</c>,
/// installed bundles at <c>designs/&lt;product&gt;/&lt;version&gt;/bundle</c> (older versions kept), and the current
/// version of each product in <c>designs/&lt;product&gt;/current</c>. Every switch is a rename, so a crash leaves the old
/// or the new state.
/// </summary>
public sealed class DesignDisk(string stateDirectory)
{
    private readonly string _root = Path.Combine(stateDirectory, "designs");

    /// <summary>Where the download of a bundle with this SHA-256 is written; kept across restarts so it resumes.</summary>
    public string PartPath(string sha256)
    {
        var downloads = Path.Combine(_root, ".downloads");
        Directory.CreateDirectory(downloads);
        return Path.Combine(downloads, sha256 + ".part");
    }

    public string BundlePath(string product, string version) => Path.Combine(_root, product, version, "bundle");

    /// <summary>The version last made current for the product, or null.</summary>
    public string? Current(string product)
    {
        var path = CurrentPath(product);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    /// <summary>Moves a verified download into place and makes it the product's current version.</summary>
    public string Install(string partPath, string product, string version)
    {
        var bundle = BundlePath(product, version);
        Directory.CreateDirectory(Path.GetDirectoryName(bundle)!);
        File.Move(partPath, bundle, overwrite: true);
        SetCurrent(product, version);
        return bundle;
    }

    /// <summary>Deletes a version and makes <paramref name="previous"/> current again (none when it is null or not on disk).</summary>
    public void Remove(string product, string version, string? previous)
    {
        if (Current(product) == version || previous is not null)
        {
            if (previous is not null && DesignVersions.TrySplit(previous, out var previousProduct, out var previousVersion)
                && previousProduct == product && File.Exists(BundlePath(product, previousVersion)))
            {
                SetCurrent(product, previousVersion);
            }
            else if (Current(product) == version)
            {
                File.Delete(CurrentPath(product));
            }
        }

        var directory = Path.Combine(_root, product, version);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private string CurrentPath(string product) => Path.Combine(_root, product, "current");

    private void SetCurrent(string product, string version)
    {
        var path = CurrentPath(product);
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(System.Text.Encoding.UTF8.GetBytes(version));
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
