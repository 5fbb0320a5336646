using Google.Protobuf.WellKnownTypes;
using Microfactory.SiteAgent.Drivers;
using V1 = Microfactory.Contracts.Agent.V1;

namespace Microfactory.SiteAgent.Contracts;

/// <summary>A driver's job reports as the agent contract's JobUpdate messages.</summary>
public static class JobMessages
{
    /// <summary>The cell job an assignment asks for; a bad assignment throws an <see cref="ArgumentException"/> naming the field.</summary>
    public static CellJob ToCellJob(this V1.JobAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (assignment.Quantity > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(assignment), assignment.Quantity, $"Job '{assignment.JobId}' asks for more parts than a cell can count.");
        }

        return new CellJob(assignment.JobId, assignment.OrderId, assignment.DesignVersion, (int)assignment.Quantity, assignment.DesignSha256)
        {
            Parameters = assignment.Parameters.ToParameterValues(),
        };
    }

    /// <summary>The assignment's parameters by name (a name sent twice keeps its last value, as protobuf maps do).</summary>
    public static Dictionary<string, string> ToParameterValues(this IEnumerable<V1.JobParameter> parameters)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            values[p.Name] = p.Value;
        }

        return values;
    }

    public static V1.JobUpdateKind ToUpdateKind(this JobOutcome outcome) => outcome switch
    {
        JobOutcome.Completed => V1.JobUpdateKind.Done,
        JobOutcome.Failed => V1.JobUpdateKind.Failed,
        JobOutcome.Cancelled => V1.JobUpdateKind.Cancelled,
        JobOutcome.Rejected => V1.JobUpdateKind.Rejected,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "A job outcome the contract has no value for."),
    };

    /// <summary>
    /// The update for a progress step the orchestrator cares about (<see cref="JobStage.Started"/> and
    /// <see cref="JobStage.PartCompleted"/>); null for steps that only matter on site (changeovers, outages).
    /// </summary>
    public static V1.JobUpdate? ToJobUpdate(this JobProgress progress, CellJob job, string cellId, DateTimeOffset startedAt)
    {
        var kind = progress.Stage switch
        {
            JobStage.Started => V1.JobUpdateKind.Started,
            JobStage.PartCompleted => V1.JobUpdateKind.Progress,
            _ => V1.JobUpdateKind.Unspecified,
        };
        if (kind == V1.JobUpdateKind.Unspecified)
        {
            return null;
        }

        return new V1.JobUpdate
        {
            JobId = job.JobId,
            OrderId = job.OrderId,
            CellId = cellId,
            Kind = kind,
            GoodCount = (uint)progress.Good,
            ScrapCount = (uint)progress.Scrap,
            Quantity = (uint)job.Quantity,
            OccurredAt = Timestamp.FromDateTimeOffset(progress.At),
            StartedAt = Timestamp.FromDateTimeOffset(startedAt),
        };
    }

    /// <summary>The final update for a job that ended.</summary>
    public static V1.JobUpdate ToJobUpdate(this JobResult result, CellJob job, string cellId)
    {
        var update = new V1.JobUpdate
        {
            JobId = result.JobId,
            OrderId = job.OrderId,
            CellId = cellId,
            Kind = result.Outcome.ToUpdateKind(),
            GoodCount = (uint)result.Good,
            ScrapCount = (uint)result.Scrap,
            Quantity = (uint)job.Quantity,
            Reason = result.Reason ?? "",
            OccurredAt = Timestamp.FromDateTimeOffset(result.FinishedAt),
            FinishedAt = Timestamp.FromDateTimeOffset(result.FinishedAt),
        };
        if (result.EnergyKwh is { } energy)
        {
            update.Energy = new V1.EnergyReading { Kwh = energy };
        }

        if (result.Outcome != JobOutcome.Rejected)
        {
            update.StartedAt = Timestamp.FromDateTimeOffset(result.StartedAt);
        }

        return update;
    }
}
