using Orleans;
using Microfactory.Network.Designs;
using Microfactory.Network.Directory;
using Microfactory.Network.Kpis;
using Microfactory.Network.Routing;
using Microfactory.Network.Sites;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Microfactory.Network.Orders;

[GrainType("order")]
public sealed partial class OrderGrain(NetworkDirectory directory, OrderRouter router, IOptions<NetworkOptions> options, IOptions<KpiOptions> kpis, TimeProvider time, [PersistentState(NetworkStorage.State, NetworkStorage.Name)] IPersistentState<OrderGrainState> state)
    : Grain, IOrderGrain
{
    private OrderGrainState State => state.State;

    private string PrimaryKey => this.GetPrimaryKeyString();

    public async Task<OrderSubmitted> SubmitAsync(OrderSubmission submission, string requestFingerprint, string? traceParent)
    {
        if (State.Spec is not null)
        {
            if (State.RequestFingerprint != requestFingerprint)
            {
                throw new IdempotencyMismatchException(PrimaryKey);
            }

            await ContinueAsync();
            return new OrderSubmitted(View(), Created: false);
        }

        var (spec, design) = await ValidateAsync(submission);
        var now = time.GetUtcNow();
        State.Spec = spec;
        State.Design = design;
        State.RequestFingerprint = requestFingerprint;
        State.TraceParent = traceParent;
        State.CreatedAt = now;
        Transition(OrderStatus.Received, "accepted");

        // Routed before the first write, so one conditional create stores the order with its route: a crash before it
        // leaves nothing (the client saw an error and retries), a crash after it leaves a Routed order that recovery
        // dispatches. Storing Received on its own first cost a store request per placement and protected nothing more.
        Route();
        await SaveAsync();
        NetworkDiagnostics.OrdersSubmitted.Add(1);
        await ContinueAsync();
        return new OrderSubmitted(View(), Created: true);
    }

    public Task<OrderView?> GetAsync() => Task.FromResult(State.Spec is null ? null : View());

    public Task<RoutingDecision?> ExplainAsync()
    {
        EnsureExists();
        return Task.FromResult(State.Decision);
    }

    public async Task<OrderView> CancelAsync(string reason)
    {
        EnsureExists();
        if (IsTerminal(State.Status))
        {
            throw new InvalidStateException($"Order {PrimaryKey} is {State.Status} and can no longer be cancelled.");
        }

        if (State.Assignment is { } a && State.Status is not (OrderStatus.Received or OrderStatus.Unroutable))
        {
            await GrainFactory.GetGrain<ISiteGrain>(a.SiteId).CancelJobAsync(a.JobId, reason);
        }

        Transition(OrderStatus.Cancelled, reason);
        await SaveAsync();
        return View();
    }

    public async Task<OrderView?> ResumeAsync()
    {
        if (State.Spec is null)
        {
            return null;
        }

        if (State.PendingMove is { } move)
        {
            await FinishMoveAsync(move);
        }

        await ContinueAsync();
        return View();
    }

    public async Task<OrderView?> RetryRoutingAsync()
    {
        if (State.Spec is null || State.Status != OrderStatus.Unroutable)
        {
            return State.Spec is null ? null : View();
        }

        Transition(OrderStatus.Received, "routing again: the network changed");
        await SaveAsync();
        await ContinueAsync();
        return View();
    }

    public async Task<bool> ApplyJobUpdateAsync(string siteId, JobUpdate update)
    {
        if (IsFinalReportOfCancelledJob(siteId, update))
        {
            return await ApplyFinalCountsAsync(siteId, update);
        }

        if (!IsForCurrentJob(siteId, update))
        {
            // Re-read before ignoring it: this activation may be stale (another activation, in a membership change, moved
            // the order on). One holding a change not yet written is the newest there is, and reading would lose it.
            if (!_unsaved)
            {
                await state.ReadStateAsync();
            }

            if (!IsForCurrentJob(siteId, update))
            {
                return false; // a report about an attempt this order has moved on from
            }
        }

        var a = State.Assignment!;

        var next = update.Kind switch
        {
            JobUpdateKind.Accepted => OrderStatus.Accepted,
            JobUpdateKind.Started or JobUpdateKind.Progress => OrderStatus.InProgress,
            JobUpdateKind.Done => OrderStatus.Completed,
            _ => OrderStatus.Failed, // failed, rejected, or cancelled by the site on its own
        };

        if (Rank(next) < Rank(State.Status) || (next == State.Status && update.Good == State.Good && update.Scrap == State.Scrap && update.EnergyKwh == State.MeasuredEnergyKwh))
        {
            return false; // duplicate or out of order: at-least-once delivery makes both normal
        }

        State.Good = Math.Max(State.Good, update.Good);
        State.Scrap = Math.Max(State.Scrap, update.Scrap);
        State.MeasuredEnergyKwh = update.EnergyKwh ?? State.MeasuredEnergyKwh;
        if (next == OrderStatus.Failed)
        {
            State.AvoidSites.Add(siteId);
            var verb = update.Kind switch { JobUpdateKind.Rejected => "refused", JobUpdateKind.Cancelled => "cancelled", _ => "failed" };
            var again = FailAttempt($"site {siteId} {verb} the job: {update.Reason ?? "no reason given"}");
            await SaveAsync();
            if (again)
            {
                await ContinueAsync();
            }

            return true;
        }

        if (next != State.Status)
        {
            var reason = next switch
            {
                OrderStatus.Accepted => $"site {siteId} accepted job {a.JobId}",
                OrderStatus.InProgress => $"cell {a.CellId} started",
                _ => $"done: {update.Good} good, {update.Scrap} scrap",
            };
            Transition(next, reason);
            if (next == OrderStatus.Accepted)
            {
                NetworkDiagnostics.DispatchLatency.Record((time.GetUtcNow() - State.CreatedAt).TotalMilliseconds);
            }

            if (next == OrderStatus.Completed)
            {
                State.CompletedAt = State.UpdatedAt;
                NetworkDiagnostics.OrdersCompleted.Add(1);
                KpiMetrics.Completed(PrimaryKey, State, directory, kpis.Value);
                OrderTracing.Completed(PrimaryKey, siteId, a, update);
            }
        }
        else
        {
            State.UpdatedAt = time.GetUtcNow();
        }

        await SaveAsync();
        return true;
    }

    public async Task<bool> MoveOffSiteAsync(string reason)
    {
        await SettleAsync();
        if (State.Spec is null || State.Assignment is not { } a || State.Status is not (OrderStatus.Dispatched or OrderStatus.Accepted))
        {
            return false;
        }

        if (!await GrainFactory.GetGrain<ISiteGrain>(a.SiteId).WithdrawJobAsync(a.JobId, reason))
        {
            return false; // it started meanwhile: a running job stays where it is
        }

        State.AvoidSites.Add(a.SiteId);
        Transition(OrderStatus.Received, $"moved off {a.SiteId}: {reason}");
        await SaveAsync();
        await ContinueAsync();
        return true;
    }

    public async Task LeaveLostSiteAsync(string siteId, string reason)
    {
        if (State.Assignment?.SiteId == siteId)
        {
            await MoveOffSiteAsync(reason);
        }
    }

    /// <summary>
    /// This attempt failed: routed again (true; the caller stores and continues) or, past the attempt limit
    /// (<see cref="NetworkOptions.MaxAttemptsPerOrder"/>), Failed for good (false; the caller stores).
    /// </summary>
    private bool FailAttempt(string reason)
    {
        if (State.Attempts >= options.Value.MaxAttemptsPerOrder)
        {
            Transition(OrderStatus.Failed, $"{reason}; gave up after {State.Attempts} attempts");
            NetworkDiagnostics.OrdersFailed.Add(1);
            return false;
        }

        Transition(OrderStatus.Received, $"{reason}; routing again");
        State.Good = 0;
        State.Scrap = 0;
        State.MeasuredEnergyKwh = null;
        return true;
    }

    private bool IsForCurrentJob(string siteId, JobUpdate update) =>
        State.Spec is not null && State.Assignment is { } a && a.SiteId == siteId && a.JobId == update.JobId && !IsTerminal(State.Status);

    /// <summary>Finishes a dispatch a crash interrupted, so moves judge the order where it really is.</summary>
    private async Task SettleAsync()
    {
        if (State.Spec is not null && State.Status == OrderStatus.Routed && State.PendingMove is null)
        {
            await ContinueAsync();
        }
    }

    /// <summary>Takes the order as far as it can go now: route, then hand to the site. Each step is stored before the next.</summary>
    private async Task ContinueAsync()
    {
        var attemptsThisCall = 0;
        while (attemptsThisCall++ < options.Value.MaxAttemptsPerOrder + 1)
        {
            switch (State.Status)
            {
                case OrderStatus.Received:
                    Route();
                    await SaveAsync();
                    break;
                case OrderStatus.Routed:
                    if (await DispatchAsync())
                    {
                        return;
                    }

                    break;
                default:
                    return;
            }
        }
    }

    /// <summary>Chooses a site and cell (or gives up as Unroutable) in memory; the caller stores the result.</summary>
    private void Route()
    {
        var decision = router.Place(PrimaryKey, State.Spec!, State.Design!, State.AvoidSites);
        State.Decision = decision;
        if (decision.Chosen is not { } chosen)
        {
            Transition(OrderStatus.Unroutable, decision.UnroutableReason ?? "no capable site");
            NetworkDiagnostics.OrdersUnroutable.Add(1);
            return;
        }

        State.Attempts++;
        var cellId = chosen.CellId[(chosen.SiteId.Length + 1)..];
        State.Assignment = new OrderAssignment(chosen.SiteId, cellId, $"{PrimaryKey}-{State.Attempts}", chosen.Components.LoadHours);
        Transition(OrderStatus.Routed, $"{chosen.SiteId}/{cellId} scored {chosen.Score:0.###}, best of {decision.CandidateCount}");
        NetworkDiagnostics.OrdersRouted.Add(1);
    }

    private async Task<bool> DispatchAsync()
    {
        var a = State.Assignment!;
        var spec = State.Spec!;
        // The job carries this span's context: the agent's work continues the order's trace from here, however late it runs.
        using var dispatch = OrderTracing.StartDispatch(State.TraceParent, PrimaryKey, a);
        var job = new JobAssignment(a.JobId, PrimaryKey, a.CellId, spec.Design, spec.Quantity, a.LoadHours, spec.DueAt, spec.Priority, dispatch?.Id ?? State.TraceParent)
        {
            Parameters = DesignParameterRules.ForJob(State.Design!, spec.Parameters),
            SetupKey = DesignParameterRules.SetupKey(State.Design!, spec.Parameters),
        };
        var result = await GrainFactory.GetGrain<ISiteGrain>(a.SiteId).AssignJobAsync(job);
        if (result.Outcome == AssignOutcome.Accepted)
        {
            // Not written on its own: the stored Routed state (site, cell, job id) already commits the order to this
            // job, and dispatching it again is idempotent at the site. So a placement costs two writes (order, site);
            // Dispatched reaches the store with the order's next write or its deactivation, and a crash before that
            // leaves a Routed order that recovery dispatches again to the same job.
            Transition(OrderStatus.Dispatched, $"queued on {a.SiteId}/{a.CellId} as job {a.JobId}");
            Publish(unsaved: true);
            return true;
        }

        directory.Routing.Release(Ids.Cell(a.SiteId, a.CellId), a.LoadHours);
        State.AvoidSites.Add(a.SiteId);
        Transition(OrderStatus.Received, $"{a.SiteId} refused the job: {result.Reason}; routing again");
        await SaveAsync();
        return false;
    }

    private async Task<(OrderSpec Spec, DesignVersion Design)> ValidateAsync(OrderSubmission s)
    {
        var product = s.Product ?? throw new DomainValidationException("product", "'product' is required.");
        Ids.Ensure(product, "product");
        var design = await GrainFactory.GetGrain<IDesignGrain>(product).GetVersionAsync(s.DesignVersion)
            ?? throw new DomainValidationException("designVersion", s.DesignVersion is null
                ? $"Product '{product}' has no registered design version."
                : $"Design {product}@{s.DesignVersion} is not registered.");
        var quantity = s.Quantity ?? throw new DomainValidationException("quantity", "'quantity' is required.");
        if (quantity is < 1 or > 1_000_000)
        {
            throw new DomainValidationException("quantity", $"'quantity' must be between 1 and 1000000 (got {quantity}).");
        }

        var due = s.DueAt ?? throw new DomainValidationException("dueAt", "'dueAt' is required.");
        if (due <= time.GetUtcNow())
        {
            throw new DomainValidationException("dueAt", $"'dueAt' ({due:O}) is in the past.");
        }

        var city = s.DeliveryCityId ?? throw new DomainValidationException("deliveryCityId", "'deliveryCityId' is required.");
        if (!await directory.KnowsCityAsync(GrainFactory, city))
        {
            throw new DomainValidationException("deliveryCityId", $"City '{city}' is not defined.");
        }

        var priority = s.Priority ?? OrderPriority.Normal;
        if (!Enum.IsDefined(priority))
        {
            throw new DomainValidationException("priority", "'priority' must be Low, Normal, High or Urgent.");
        }

        var mode = s.DeliveryMode ?? kpis.Value.DefaultDeliveryMode;
        if (!kpis.Value.Co2GramsPerKm.ContainsKey(mode))
        {
            throw new DomainValidationException("deliveryMode", $"'deliveryMode' must be one of {string.Join(", ", kpis.Value.Co2GramsPerKm.Keys.Order(StringComparer.Ordinal))}.");
        }

        var parameters = DesignParameterRules.Resolve(design, s.Parameters);
        return (new OrderSpec(product, design.Version, quantity, due, city, priority) { Parameters = parameters, DeliveryMode = mode }, design);
    }

    private void Transition(OrderStatus status, string reason)
    {
        var now = time.GetUtcNow();
        State.Status = status;
        State.UpdatedAt = now;
        State.History.Add(new OrderTransition(status, now, reason));
    }

    private async Task SaveAsync()
    {
        State.Version++;
        await state.WriteStateAsync();
        _unsaved = false;
        directory.Share(OrderPublisher.ToSummary(PrimaryKey, State, directory));
    }

    /// <summary>A change kept in memory only until the next write (see DispatchAsync), published to the read model now.</summary>
    private void Publish(bool unsaved)
    {
        State.Version++;
        _unsaved = unsaved;
        directory.Share(OrderPublisher.ToSummary(PrimaryKey, State, directory));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unsaved)
        {
            await state.WriteStateAsync();
        }
    }

    private bool _unsaved;

    private void EnsureExists()
    {
        if (State.Spec is null)
        {
            throw new NotFoundException("Order", PrimaryKey);
        }
    }

    private OrderView View() => new(
        PrimaryKey, State.Spec!, State.Status, State.Assignment, State.Good, State.Scrap, State.Attempts,
        State.CreatedAt, State.UpdatedAt, State.History.ToList()) { EnergyKwh = State.EnergyKwh };

    internal static bool IsTerminal(OrderStatus status) => status is OrderStatus.Completed or OrderStatus.Failed or OrderStatus.Cancelled;

    // Order of progress through the lifecycle, for ignoring reports that arrive late.
    private static int Rank(OrderStatus status) => status switch
    {
        OrderStatus.Dispatched => 1,
        OrderStatus.Accepted => 2,
        OrderStatus.InProgress => 3,
        OrderStatus.Completed or OrderStatus.Failed => 4,
        _ => 0,
    };
}
