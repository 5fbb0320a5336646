namespace Microfactory.Storage.LocalDirectory;

/// <summary>
/// Where one store instance writes its temp files: <c>tmp/&lt;id&gt;/</c>, owned through an exclusive OS lock on
/// <c>tmp/&lt;id&gt;.owner</c> held for the instance's life. A writer killed mid-write (kill -9, a power cut) leaves its
/// directory behind, but the OS drops its lock with its handles, so the next store to open the directory (in any
/// process) can tell a dead writer's leftovers from a live writer's upload in progress, whatever their age, and
/// remove them.
/// </summary>
internal sealed class WriterTempDirectory
{
    private const string OwnerSuffix = ".owner";
    private const string ClaimSuffix = ".claim";

    private readonly string _root;
    private readonly TimeSpan _looseFileAge;
    private readonly Lock _gate = new();
    private FileStream? _owner;
    private string? _path;

    public WriterTempDirectory(string root, TimeSpan looseFileAge)
    {
        _root = root;
        _looseFileAge = looseFileAge;
    }

    /// <summary>This instance's directory; <see cref="Ensure"/> makes it.</summary>
    public string Path => _path ?? throw new InvalidOperationException("The temp directory is not created yet.");

    /// <summary>Creates this instance's directory and takes its lock, or makes them again if they were removed.</summary>
    public void Ensure()
    {
        lock (_gate)
        {
            if (_path is null || !System.IO.Directory.Exists(_path) || !File.Exists(_path + OwnerSuffix))
            {
                Create();
            }
        }
    }

    /// <summary>Removes what writers that died left in <c>tmp/</c>; what live writers (this or another process) hold stays.</summary>
    public void RemoveAbandoned()
    {
        var root = new DirectoryInfo(_root);
        if (!root.Exists)
        {
            return;
        }

        foreach (var directory in root.EnumerateDirectories())
        {
            if (directory.FullName != _path)
            {
                RemoveIfOwnerless(directory.FullName, directory.FullName + OwnerSuffix);
            }
        }

        foreach (var file in root.EnumerateFiles())
        {
            if (file.Name.EndsWith(OwnerSuffix, StringComparison.Ordinal))
            {
                // An owner file whose directory is gone: a clean-up that stopped half-way, or a writer between its two steps.
                var directory = file.FullName[..^OwnerSuffix.Length];
                if (!System.IO.Directory.Exists(directory))
                {
                    RemoveIfOwnerless(null, file.FullName);
                }
            }
            else if (file.LastWriteTimeUtc < DateTime.UtcNow - _looseFileAge)
            {
                // Temp files of the layout before per-writer directories, and a claim whose writer died in the
                // microseconds before renaming it: no owner to ask, so only age tells.
                file.Delete();
            }
        }
    }

    private void Create()
    {
        var id = Guid.NewGuid().ToString("N");
        var path = System.IO.Path.Combine(_root, id);

        // The lock first, then the directory: a directory is never seen without a live owner file while it is made.
        _owner?.Dispose();
        if (OperatingSystem.IsWindows())
        {
            // The share mode is part of the open itself: nobody can take the file between its creation and its lock.
            _owner = new FileStream(path + OwnerSuffix, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
        }
        else
        {
            // On Unix FileShare.None is flock(2) just after open(2): a clean-up could lock a new owner file in between
            // and take it for a dead writer's. So the file is locked under a name clean-ups pass over, then renamed
            // (the lock belongs to the open file, not the name).
            var claim = path + ClaimSuffix;
            _owner = new FileStream(claim, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
            File.Move(claim, path + OwnerSuffix);
        }

        System.IO.Directory.CreateDirectory(path);
        _path = path;
    }

    private static void RemoveIfOwnerless(string? directory, string ownerFile)
    {
        FileStream? owner = null;
        try
        {
            owner = new FileStream(ownerFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
        }
        catch (FileNotFoundException)
        {
            // No owner file at all: its owner is gone (the file goes last, so only a clean-up stopped half-way leaves this).
        }
        catch (IOException)
        {
            return; // locked: a live writer's
        }

        try
        {
            if (directory is not null)
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
        catch (DirectoryNotFoundException)
        {
            // another process cleaned it up first
        }
        finally
        {
            owner?.Dispose();
        }

        // Last, so a directory is never left without its owner file; a no-op when it was not there.
        File.Delete(ownerFile);
    }
}
