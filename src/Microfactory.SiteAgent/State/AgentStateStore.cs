namespace Microfactory.SiteAgent.State;

/// <summary>
/// Reads and writes <see cref="AgentStateData"/> as one JSON file, <c>agent-state.json</c> in the state directory,
/// replaced atomically on every write (<see cref="AtomicJsonFile{T}"/>).
/// </summary>
public sealed class AgentStateStore
{
    private const string FileName = "agent-state.json";
    private readonly AtomicJsonFile<AgentStateData> _file;

    public AgentStateStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        StateDirectory = directory;
        _file = new AtomicJsonFile<AgentStateData>(Path.Combine(directory, FileName));
    }

    public string StateDirectory { get; }

    /// <exception cref="InvalidDataException">The state file exists but cannot be read; the message names it.</exception>
    public AgentStateData Load() => _file.Load() ?? new AgentStateData();

    public void Save(AgentStateData state) => _file.Save(state);
}
