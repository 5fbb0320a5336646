namespace Microfactory.SiteAgent.State;

/// <summary>A small secret (a credential, a token) kept in the state directory.</summary>
public static class SecretFile
{
    /// <summary>
    /// Written whole to a temporary file and renamed into place, so a crash leaves no half secret; created with
    /// <paramref name="mode"/> so no other user reads it.
    /// </summary>
    public static void Write(string path, string secret, UnixFileMode mode)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        using (var file = OperatingSystem.IsWindows()
            ? new FileStream(temp, FileMode.Create, FileAccess.Write)
            : new FileStream(temp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = mode }))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes(secret));
            file.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only to a file it creates: a leftover temp file would keep its mode otherwise.
            File.SetUnixFileMode(temp, mode);
        }

        File.Move(temp, path, overwrite: true);
    }
}
