using System.Text.Json;

namespace Microfactory.SiteAgent.State;

/// <summary>
/// One JSON document in one file. A write goes to a temporary file that is flushed to disk and then renamed over the
/// old one, so a crash leaves either the old or the new document, never half of one.
/// </summary>
internal sealed class AtomicJsonFile<T>(string path)
    where T : class
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly string _tempPath = path + ".tmp";

    public string Path => path;

    /// <summary>The document; null when the file does not exist.</summary>
    /// <exception cref="InvalidDataException">The file exists but cannot be read; the message names it.</exception>
    public T? Load()
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllBytes(path), Json)
                ?? throw new InvalidDataException($"State file '{path}' holds null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"State file '{path}' is not valid: {e.Message}", e);
        }
    }

    public void Save(T document)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, Json);
        using (var file = new FileStream(_tempPath, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(bytes);

            // The rename below is only as durable as the data it points at.
            file.Flush(flushToDisk: true);
        }

        File.Move(_tempPath, path, overwrite: true);
    }

    public void Delete() => File.Delete(path);
}
