using System.Diagnostics;

namespace Microfactory.LoadTest;

/// <summary>All simulated agents of a run, connected at a bounded rate; agent i dials node i mod the number of nodes.</summary>
public sealed class AgentFleet(SimulatedNetwork network, IReadOnlyList<Uri> agentLinks, LinkCounters counters) : IAsyncDisposable
{
    private static readonly TimeSpan WelcomeTimeout = TimeSpan.FromSeconds(30);
    private readonly List<SimulatedAgent> _agents = [];

    /// <summary>Starts one connection every 1/<paramref name="perSecond"/> s and waits for every Welcome (or failure).</summary>
    public async Task<(TimeSpan Took, int Connected)> RampAsync(int perSecond, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var attempts = new List<Task<bool>>(network.Sites.Count);
        for (var i = 0; i < network.Sites.Count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken); // paces the ramp; not a synchronisation
            }

            var agent = new SimulatedAgent(network.Sites[i], agentLinks[i % agentLinks.Count], counters);
            _agents.Add(agent);
            attempts.Add(agent.ConnectAsync(WelcomeTimeout));
        }

        var results = await Task.WhenAll(attempts).WaitAsync(cancellationToken);
        return (clock.Elapsed, results.Count(ok => ok));
    }

    public async ValueTask DisposeAsync()
    {
        await Parallel.ForEachAsync(_agents, new ParallelOptions { MaxDegreeOfParallelism = 64 }, (agent, _) => agent.DisposeAsync());
    }
}
