using System.Text.Json;

namespace Microfactory.SiteAgent.State;

/// <summary>
/// Reads and writes <see cref="AgentStateData"/> as one JSON file. A write goes to a temporary file that is
/// flushed to disk and then renamed over the old one, so a crash leaves either the old or the new state, never half.
/// </summary>
public sealed class AgentStateStore
{
    private const string FileName = "agent-state.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly string _path;
    private readonly string _tempPath;

    public AgentStateStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        StateDirectory = directory;
        _path = Path.Combine(directory, FileName);
        _tempPath = _path + ".tmp";
    }

    public string StateDirectory { get; }

    /// <exception cref="InvalidDataException">The state file exists but cannot be read; the message names it.</exception>
    public AgentStateData Load()
    {
        if (!File.Exists(_path))
        {
            return new AgentStateData();
        }

        try
        {
            return JsonSerializer.Deserialize<AgentStateData>(File.ReadAllBytes(_path), Json)
                ?? throw new InvalidDataException($"Agent state file '{_path}' holds null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Agent state file '{_path}' is not valid agent state: {e.Message}", e);
        }
    }

    public void Save(AgentStateData state)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(state, Json);
        using (var file = new FileStream(_tempPath, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(bytes);

            // The rename below is only as durable as the data it points at.
            file.Flush(flushToDisk: true);
        }

        File.Move(_tempPath, _path, overwrite: true);
    }
}
