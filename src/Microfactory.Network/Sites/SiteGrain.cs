using Orleans;
using Microfactory.Network.Cells;
using Microfactory.Network.Directory;
using Microfactory.Network.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microfactory.Network.Sites;

[GrainType("site")]
public sealed partial class SiteGrain(NetworkDirectory directory, IOptions<NetworkOptions> options, TimeProvider time, ILogger<SiteGrain> logger, [PersistentState(NetworkStorage.State, NetworkStorage.Name)] IPersistentState<SiteGrainState> state)
    : Grain, ISiteGrain
{
    private SiteGrainState State => state.State;

    private string PrimaryKey => this.GetPrimaryKeyString();

    public async Task<SiteView> RegisterAsync(SiteRegistration registration)
    {
        var name = string.IsNullOrWhiteSpace(registration.Name) ? PrimaryKey : registration.Name.Trim();
        var cityId = registration.CityId ?? throw new DomainValidationException("cityId", "'cityId' is required.");
        if (!await directory.KnowsCityAsync(GrainFactory, cityId))
        {
            throw new DomainValidationException("cityId", $"City '{cityId}' is not defined; define it first (PUT /api/cities/{cityId}).");
        }

        var location = Geo.Point(
            registration.Latitude ?? throw new DomainValidationException("latitude", "'latitude' is required."),
            registration.Longitude ?? throw new DomainValidationException("longitude", "'longitude' is required."));
        var cells = registration.Cells is { Count: > 0 } c ? c : throw new DomainValidationException("cells", "A site needs at least one cell.");
        foreach (var cell in cells)
        {
            Ids.Ensure(cell.Id, "cells[].id");
        }

        var duplicate = cells.GroupBy(x => x.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DomainValidationException("cells", $"Cell '{duplicate.Key}' is listed twice.");
        }

        var removed = State.Cells.Keys.Except(cells.Select(x => x.Id!)).ToList();
        var busy = removed.FirstOrDefault(id => State.Jobs.Values.Any(j => j.CellId == id));
        if (busy is not null)
        {
            throw new InvalidStateException($"Cell '{busy}' still has jobs; drain it before removing it from site '{PrimaryKey}'.");
        }

        foreach (var cell in cells)
        {
            var machine = await GrainFactory.GetGrain<ICellGrain>(Ids.Cell(PrimaryKey, cell.Id!)).ConfigureAsync(cell);
            State.Cells[cell.Id!] = CellQueue.WithMachine(machine, State.Cells.GetValueOrDefault(cell.Id!));
        }

        foreach (var id in removed)
        {
            State.Cells.Remove(id);
            directory.ShareRemovedCell(Ids.Cell(PrimaryKey, id));
        }

        if (State.RegisteredAt == default)
        {
            State.RegisteredAt = time.GetUtcNow();
        }

        CompareHelloCells(); // a definition that now agrees with the agent clears the warning
        State.Name = name;
        State.CityId = cityId;
        State.Latitude = location.Latitude;
        State.Longitude = location.Longitude;
        await SaveAsync();
        return View();
    }

    public Task<SiteView?> GetAsync() => Task.FromResult(state.RecordExists ? View() : null);

    public async Task<AssignResult> AssignJobAsync(JobAssignment assignment)
    {
        EnsureRegistered();
        if (State.Jobs.ContainsKey(assignment.JobId))
        {
            return new AssignResult(AssignOutcome.Accepted, null, State.Cells[assignment.CellId].BacklogHours);
        }

        if (State.Draining)
        {
            return new AssignResult(AssignOutcome.Rejected, $"site {PrimaryKey} is draining", 0);
        }

        if (!State.Cells.TryGetValue(assignment.CellId, out var cell))
        {
            return new AssignResult(AssignOutcome.Rejected, $"site {PrimaryKey} has no cell {assignment.CellId}", 0);
        }

        // The read model proposes, the site decides: routers on any silo may have placed on this cell at once.
        if (cell.State is CellState.Down or CellState.Maintenance)
        {
            return new AssignResult(AssignOutcome.Rejected, $"cell {PrimaryKey}/{cell.Id} is {cell.State}", cell.BacklogHours);
        }

        if (cell.Maintenance is { } window && window.Covers(time.GetUtcNow()))
        {
            return new AssignResult(AssignOutcome.Rejected, $"cell {PrimaryKey}/{cell.Id} is in maintenance until {window.Until:u}", cell.BacklogHours);
        }

        if (cell.BacklogHours + assignment.LoadHours > cell.BacklogLimitHours)
        {
            return new AssignResult(AssignOutcome.Rejected,
                $"cell {PrimaryKey}/{cell.Id} would exceed its backlog limit ({cell.BacklogHours:0.#} h queued + {assignment.LoadHours:0.#} h > {cell.BacklogLimitHours:0.#} h)",
                cell.BacklogHours);
        }

        var job = new CellJob(assignment.JobId, assignment.OrderId, assignment.Design, assignment.Quantity, assignment.LoadHours,
            CellJobStatus.Queued, 0, time.GetUtcNow(), null) { SetupKey = assignment.SetupKey };
        State.Cells[cell.Id] = CellQueue.Enqueue(cell, job);
        State.Jobs[assignment.JobId] = assignment;
        Append(OutboxKind.Assign, assignment.JobId, assignment, null);
        await SaveAsync();
        return new AssignResult(AssignOutcome.Accepted, null, State.Cells[cell.Id].BacklogHours);
    }

    public Task<IReadOnlyList<JobAssignment>> ActiveJobsAsync() =>
        Task.FromResult<IReadOnlyList<JobAssignment>>(State.Jobs.Values.ToList());

    public async Task<bool> CancelJobAsync(string jobId, string reason)
    {
        if (!await HoldsJobAsync(jobId))
        {
            return false;
        }

        var job = State.Jobs[jobId];
        if (State.Cells[job.CellId].Queue.FirstOrDefault(j => j.JobId == jobId) is { Status: CellJobStatus.Running })
        {
            // Running: the cell stays busy until the agent stops at a part boundary and reports what it made, which
            // finishes the job here as any end does and gives the order its final count.
            Append(OutboxKind.Cancel, jobId, null, reason);
            await SaveAsync();
            return true;
        }

        State.Jobs.Remove(jobId);
        Remember(jobId, job.OrderId);

        // A cancel that overtakes its own assignment in the outbox is enough: the agent drops both.
        State.Cells[job.CellId] = CellQueue.Update(State.Cells[job.CellId], jobId, null, 0, finished: true, time.GetUtcNow());
        Append(OutboxKind.Cancel, jobId, null, reason);
        await SaveAsync();
        return true;
    }

    public async Task<SiteView> SetDrainingAsync(bool draining)
    {
        EnsureRegistered();
        if (State.Draining != draining)
        {
            State.Draining = draining;
            await SaveAsync();
        }

        return View();
    }

    private void Append(OutboxKind kind, string jobId, JobAssignment? assignment, string? reason)
    {
        State.LastSequence++;
        State.Outbox.Add(new OutboxMessage(State.LastSequence, kind, jobId, assignment, reason) { OrderId = OrderOf(jobId) });
    }

    private async Task SaveAsync()
    {
        State.Version++;
        await state.WriteStateAsync();
        SitePublisher.Share(directory, View());
        _savedAt = time.GetUtcNow();
        AnnounceOutbox();
    }

    private void EnsureRegistered()
    {
        if (!state.RecordExists)
        {
            throw new NotFoundException("Site", PrimaryKey);
        }
    }

    private SiteView View() => SitePublisher.ToView(PrimaryKey, State);

    private DateTimeOffset _savedAt;
}
