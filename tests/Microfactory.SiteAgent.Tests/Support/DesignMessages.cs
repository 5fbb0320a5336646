using Microfactory.Contracts.Agent.V1;

namespace Microfactory.SiteAgent.Tests.Support;

/// <summary>DesignUpdate messages as the orchestrator sends them, and checks on the replies.</summary>
internal static class DesignMessages
{
    public static OrchestratorMessage Install(ulong sequence, string designVersion, string sha256, long size, params string[] cellIds)
    {
        var update = new DesignUpdate
        {
            DesignVersion = designVersion,
            Sha256 = sha256,
            SizeBytes = (ulong)size,
            ArtifactId = sha256,
            RolloutId = $"rollout-{designVersion}",
            Action = DesignAction.Install,
        };
        update.CellIds.Add(cellIds);
        return new OrchestratorMessage { Sequence = sequence, DesignUpdate = update };
    }

    public static OrchestratorMessage Rollback(ulong sequence, string designVersion, string previous, params string[] cellIds)
    {
        var update = new DesignUpdate
        {
            DesignVersion = designVersion,
            RolloutId = $"rollout-{designVersion}",
            Action = DesignAction.Rollback,
            PreviousDesignVersion = previous,
        };
        update.CellIds.Add(cellIds);
        return new OrchestratorMessage { Sequence = sequence, DesignUpdate = update };
    }

    public static IReadOnlyList<DesignInstallAck> Acks(this PeerConnection connection, string designVersion) =>
        [.. connection.Received.Where(m => m.DesignInstallAck?.DesignVersion == designVersion).Select(m => m.DesignInstallAck)];

    public static Func<IReadOnlyList<AgentMessage>, bool> HasDesignAck(string designVersion, DesignInstallStatus status) =>
        messages => messages.Any(m => m.DesignInstallAck is { } a && a.DesignVersion == designVersion && a.Status == status);

    /// <summary>The agent link configuration with quick download retries.</summary>
    public static Dictionary<string, string?> DesignConfiguration(TestOrchestrator peer, int attempts = 3, string backoff = "00:00:00")
    {
        var configuration = LinkedAgent.LinkConfiguration(peer);
        configuration["Agent:Designs:MaxDownloadAttempts"] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        configuration["Agent:Designs:RetryBackoff"] = backoff;
        return configuration;
    }

    public static string DesignsDirectory(IDictionary<string, string?> configuration) => Path.Combine(configuration["Agent:StateDirectory"]!, "designs");

    public static byte[] Bundle(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
