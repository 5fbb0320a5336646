using Google.Protobuf.WellKnownTypes;
using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.Link;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microfactory.SiteAgent.Tests.Support;

/// <summary>A site agent host (as Program.cs builds it) dialling a <see cref="TestOrchestrator"/>, on a stepped clock.</summary>
internal sealed class LinkedAgent : IAsyncDisposable
{
    private LinkedAgent(IHost host, SteppedClock clock)
    {
        Host = host;
        Clock = clock;
    }

    public IHost Host { get; }

    public SteppedClock Clock { get; }

    /// <summary>cnc-1 makes bracket-a@1.0.0 (loaded, 90 s per part); printer-1 has no design installed.</summary>
    public static Dictionary<string, string?> LinkConfiguration(TestOrchestrator peer)
    {
        var configuration = AgentHosts.ValidConfiguration();
        configuration["Agent:OrchestratorUrl"] = peer.Address.ToString();
        configuration["Agent:ProgressInterval"] = "00:00:00";
        configuration["Agent:WelcomeTimeout"] = "02:00:00";
        return configuration;
    }

    public static async Task<LinkedAgent> StartAsync(IDictionary<string, string?> configuration, CapturedLogs? logs = null, SteppedClock? clock = null, Random? jitter = null)
    {
        clock ??= new SteppedClock();
        var host = AgentHosts.Build(configuration, logs, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            if (jitter is not null)
            {
                services.AddSingleton(new ReconnectBackoff(jitter));
            }
        });
        await host.StartAsync().Within("the site agent to start");
        return new LinkedAgent(host, clock);
    }

    public JobBook Book => Host.Services.GetRequiredService<JobBook>();

    /// <summary>
    /// Lets the cell make <paramref name="parts"/> more parts of a job: one part timer at a time (the link's hour-long
    /// heartbeat and report timers are left alone), each time until the peer has seen the part counted.
    /// </summary>
    public async Task DrivePartsAsync(PeerConnection connection, string jobId, int madeBefore, int parts)
    {
        for (var made = madeBefore + 1; made <= madeBefore + parts; made++)
        {
            var awaited = $"part {made} of {jobId}";
            await Clock.AdvanceToTimerWithinAsync(TimeSpan.FromMinutes(30), awaited);
            var target = made;
            await connection.WaitForAsync(messages => messages.Any(m => m.JobUpdate is { } u && u.JobId == jobId && u.GoodCount + u.ScrapCount >= target), awaited);
        }
    }

    public static OrchestratorMessage Assignment(ulong sequence, string jobId, uint quantity, string cellId = "cnc-1", int priority = 0, string design = "bracket-a@1.0.0") => new()
    {
        Sequence = sequence,
        JobAssignment = new JobAssignment
        {
            JobId = jobId,
            OrderId = $"order-of-{jobId}",
            CellId = cellId,
            DesignVersion = design,
            Quantity = quantity,
            Priority = priority,
            DueAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)),
        },
    };

    public static Func<IReadOnlyList<AgentMessage>, bool> HasUpdate(string jobId, JobUpdateKind kind) =>
        messages => messages.Any(m => m.JobUpdate is { } u && u.JobId == jobId && u.Kind == kind);

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync().Within("the site agent to stop");
        Host.Dispose();
    }
}
