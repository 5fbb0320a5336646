using Microfactory.SiteAgent.State;

namespace Microfactory.SiteAgent.Machines;

/// <summary>
/// One start of a job on a machine, remembered on disk until the job ends, so an agent restarted while the machine
/// works takes the run up again (counting from the same counter values) instead of starting the machine twice.
/// </summary>
/// <param name="Quantity">What the machine was told to make in this run.</param>
/// <param name="GoodAtStart">The job's good parts before this run.</param>
/// <param name="CounterGood">The machine's good counter value that counts as zero for this run.</param>
/// <param name="Accepted">The machine was seen RUNNING this run: its counters count it.</param>
internal sealed record MachineRun(
    string JobId,
    int Program,
    int Quantity,
    int GoodAtStart,
    int ScrapAtStart,
    long CounterGood,
    long CounterScrap,
    bool Accepted);

/// <summary>The cell's current <see cref="MachineRun"/>, in <c>&lt;state&gt;/machines/&lt;cell&gt;.run.json</c>.</summary>
internal sealed class MachineRunStore
{
    private readonly AtomicJsonFile<MachineRun> _file;

    public MachineRunStore(string stateDirectory, string cellId)
    {
        var directory = Path.Combine(stateDirectory, "machines");
        Directory.CreateDirectory(directory);
        _file = new AtomicJsonFile<MachineRun>(Path.Combine(directory, $"{cellId}.run.json"));
    }

    public MachineRun? Load() => _file.Load();

    public void Save(MachineRun run) => _file.Save(run);

    public void Delete() => _file.Delete();
}
