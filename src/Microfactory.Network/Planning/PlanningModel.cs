using Microfactory.Network.Routing;

namespace Microfactory.Network.Planning;

/// <summary>
/// The snapshot and request flattened into arrays indexed by small integers (sites, cells, orders of the scope), so
/// that planning and pricing are integer and floating-point work without dictionaries. Built once per plan.
/// </summary>
internal sealed class PlanningModel
{
    public const double Epsilon = 1e-9;

    private PlanningModel(NetworkSnapshot snapshot, RebalanceRequest request)
    {
        Snapshot = snapshot;
        Request = request;
    }

    public NetworkSnapshot Snapshot { get; }

    public RebalanceRequest Request { get; }

    public PlanningWeights Weights => Request.Weights;

    public SiteData[] Sites { get; private set; } = [];

    public CellData[] Cells { get; private set; } = [];

    public OrderData[] Orders { get; private set; } = [];

    /// <summary>Per site, its cells in snapshot order.</summary>
    public int[][] SiteCells { get; private set; } = [];

    /// <summary>Per cell, its queued orders in the snapshot's queue order.</summary>
    public int[][] CellQueues { get; private set; } = [];

    /// <summary>Per delivery point, the sites that can take work within the distance limit, nearest first.</summary>
    public Reach[][] Reachable { get; private set; } = [];

    /// <summary>The distinct delivery points of the scoped orders.</summary>
    public GeoPoint[] Deliveries { get; private set; } = [];

    public static PlanningModel Build(NetworkSnapshot snapshot, RebalanceRequest request)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(snapshot.Sites, nameof(snapshot.Sites));
        ArgumentNullException.ThrowIfNull(snapshot.Orders, nameof(snapshot.Orders));
        request.Validate();
        var model = new PlanningModel(snapshot, request);
        new PlanningModelBuilder(model).Build();
        return model;
    }

    internal void Set(SiteData[] sites, CellData[] cells, OrderData[] orders, int[][] queues, Reach[][] reachable, GeoPoint[] deliveries)
    {
        Deliveries = deliveries;
        SiteCells = [.. Enumerable.Range(0, sites.Length).Select(s => Enumerable.Range(0, cells.Length).Where(c => cells[c].Site == s).ToArray())];
        Sites = sites;
        Cells = cells;
        Orders = orders;
        CellQueues = queues;
        Reachable = reachable;
    }

    /// <summary>Work hours the order puts on the cell: its work, plus changeover where the design is missing.</summary>
    public double Load(int order, int cell)
    {
        ref readonly var o = ref Orders[order];
        return Cells[cell].HasDesign(o.Design) ? o.WorkHours : o.WorkHours + o.ChangeoverHours;
    }

    /// <summary>Great-circle kilometres from a site to the order's delivery point.</summary>
    public double Km(int site, int order) => GreatCircle.DistanceKm(Sites[site].Location, Deliveries[Orders[order].Delivery]);

    public double LateWeight(int order) => Orders[order].LateWeight;

    /// <summary>The order of moved-in orders in a cell queue: earliest due first, then order id (ordinal).</summary>
    public int CompareMovedIn(int a, int b)
    {
        var byDue = Orders[a].DueHours.CompareTo(Orders[b].DueHours);
        return byDue != 0 ? byDue : Orders[a].Rank.CompareTo(Orders[b].Rank);
    }

    public double Utilisation(int site, double backlogHours) =>
        Sites[site].CapacityHours > 0 ? backlogHours / Sites[site].CapacityHours : 0.0;

    internal struct SiteData
    {
        public string SiteId;
        public string CityId;
        public GeoPoint Location;
        public bool Drained;

        /// <summary>Online, in scope, not drained and with some capacity: may receive orders.</summary>
        public bool TakesWork;

        /// <summary>Capacity hours per day x horizon days.</summary>
        public double CapacityHours;

        public double RunningHours;
    }

    internal struct CellData
    {
        public string CellId;
        public int Site;
        public ulong CapabilityMask;
        public int[] Designs;
        public double CalendarHoursPerWorkHour;
        public double RunningHours;
        public bool Available;

        public readonly bool HasDesign(int design)
        {
            foreach (var d in Designs)
            {
                if (d == design)
                {
                    return true;
                }
            }

            return false;
        }
    }

    internal struct OrderData
    {
        public string OrderId;
        public int Cell;
        public int Site;
        public ulong CapabilityMask;

        /// <summary>False when some required capability exists on no cell at all.</summary>
        public bool CapabilitiesKnown;
        public int Design;
        public double WorkHours;
        public double ChangeoverHours;

        /// <summary>Hours from now until due.</summary>
        public double DueHours;
        public double LateWeight;

        /// <summary>Position when all scoped orders are sorted by id (ordinal): the deterministic tie-break.</summary>
        public int Rank;
        public int Delivery;
        public double KmBefore;

        /// <summary>Index in <see cref="NetworkSnapshot.Orders"/>.</summary>
        public int SnapshotIndex;
    }

    internal readonly record struct Reach(int Site, double Km);
}
