using Microfactory.Network.Cells;
using Microfactory.Network.Cities;
using Microfactory.Network.Designs;
using Microfactory.Network.Orders;
using Microfactory.Network.Rollouts;
using Microfactory.Network.Sites;

namespace Microfactory.Orchestrator.Api.Validation;

/// <summary>
/// Every request body's rules. Ranges repeat the domain's own checks (the grains enforce them for every caller);
/// here they are checked first, so a client gets every wrong field at once, and written into the OpenAPI document.
/// </summary>
public static class RequestRules
{
    public static readonly BodyRules<OrderSubmission> Order = new BodyRules<OrderSubmission>()
        .Text("product", b => b.Product, Limits.Id, required: true)
        .Text("designVersion", b => b.DesignVersion, Limits.Version)
        .Whole("quantity", b => b.Quantity, 1, 1_000_000, required: true)
        .Present("dueAt", b => b.DueAt)
        .Text("deliveryCityId", b => b.DeliveryCityId, Limits.Id, required: true)
        .Map("parameters", b => b.Parameters, Limits.ParametersPerDesign, Limits.Id, Limits.ParameterValue)
        .Text("deliveryMode", b => b.DeliveryMode, Limits.Id);

    public static readonly BodyRules<DesignParameter> Parameter = new BodyRules<DesignParameter>()
        .Text("name", b => b.Name, Limits.Id, required: true)
        .Text("unit", b => b.Unit, Limits.ParameterUnit)
        .Whole("maxLength", b => b.MaxLength, 1, Limits.ParameterValue)
        .Texts("choices", b => b.Choices, Limits.ParameterChoices, Limits.ParameterChoice)
        .Text("default", b => b.Default, Limits.ParameterValue);

    public static readonly BodyRules<CityDefinition> City = new BodyRules<CityDefinition>()
        .Text("name", b => b.Name, Limits.Name, required: true)
        .Number("latitude", b => b.Latitude, -90, 90, required: true)
        .Number("longitude", b => b.Longitude, -180, 180, required: true)
        .Text("country", b => b.Country, Limits.Country);

    public static readonly BodyRules<CellDefinition> Cell = new BodyRules<CellDefinition>()
        .Text("id", b => b.Id, Limits.Id, required: true)
        .Texts("capabilities", b => b.Capabilities, Limits.CapabilitiesPerCell, Limits.Capability, required: true)
        .Number("hoursPerDay", b => b.HoursPerDay, 0.5, 24)
        .Number("throughputFactor", b => b.ThroughputFactor, 0.05, 20)
        .Number("backlogLimitHours", b => b.BacklogLimitHours, 1, 100_000)
        .Texts("installedDesigns", b => b.InstalledDesigns, Limits.DesignsPerCell, Limits.Design);

    public static readonly BodyRules<SiteRegistration> Site = new BodyRules<SiteRegistration>()
        .Text("name", b => b.Name, Limits.Name)
        .Text("cityId", b => b.CityId, Limits.Id, required: true)
        .Number("latitude", b => b.Latitude, -90, 90, required: true)
        .Number("longitude", b => b.Longitude, -180, 180, required: true)
        .Each("cells", b => b.Cells, Limits.CellsPerSite, Cell, required: true);

    public static readonly BodyRules<DesignDefinition> Design = new BodyRules<DesignDefinition>()
        .Texts("capabilities", b => b.Capabilities, Limits.CapabilitiesPerCell, Limits.Capability, required: true)
        .Duration("cycleTimePerPart", b => b.CycleTimePerPart, TimeSpan.Zero, TimeSpan.FromDays(7), exclusiveMin: true, required: true)
        .Duration("changeover", b => b.Changeover, TimeSpan.Zero, TimeSpan.FromDays(2))
        .Text("notes", b => b.Notes, Limits.Notes)
        .Each("parameters", b => b.Parameters, Limits.ParametersPerDesign, Parameter)
        .Number("energyKwhPerPart", b => b.EnergyKwhPerPart, 0, DesignGrain.MaxEnergyKwhPerPart);

    public static readonly BodyRules<RolloutRequest> Rollout = new BodyRules<RolloutRequest>()
        .Text("id", b => b.Id, Limits.Id)
        .Text("design", b => b.Design, Limits.Design, required: true)
        .Text("sha256", b => b.Sha256, Limits.Sha256)
        .Whole("sizeBytes", b => b.SizeBytes, 1, long.MaxValue)
        .Texts("cities", b => b.Cities, Limits.IdsPerRequest, Limits.Id)
        .Texts("canarySites", b => b.CanarySites, Limits.IdsPerRequest, Limits.Id)
        .Whole("canaryCount", b => b.CanaryCount, 0, Limits.IdsPerRequest)
        .Wholes("steps", b => b.Steps, Limits.RolloutSteps, 1, 100)
        .Whole("successThresholdPercent", b => b.SuccessThresholdPercent, 1, 100)
        .Whole("errorThreshold", b => b.ErrorThreshold, 1, 1_000_000)
        .Duration("waveTimeout", b => b.WaveTimeout, TimeSpan.Zero, TimeSpan.FromDays(30), exclusiveMin: true);

    public static readonly BodyRules<BandBody> Band = new BodyRules<BandBody>()
        .Number("low", b => b.Low, 0, 100)
        .Number("high", b => b.High, 0, 100);

    public static readonly BodyRules<RebalanceBody> Rebalance = new BodyRules<RebalanceBody>()
        .Texts("cityIds", b => b.CityIds, Limits.IdsPerRequest, Limits.Id)
        .Nested("band", b => b.Band, Band)
        .Number("maxTransferKm", b => b.MaxTransferKm, 0, 20_000);

    public static readonly BodyRules<DrainBody> Drain = new BodyRules<DrainBody>()
        .Nested("band", b => b.Band, Band)
        .Number("maxTransferKm", b => b.MaxTransferKm, 0, 20_000);

    public static readonly BodyRules<CancelRequest> Cancel = new BodyRules<CancelRequest>()
        .Text("reason", b => b.Reason, Limits.Reason);

    public static readonly BodyRules<RolloutCommand> RolloutCommand = new BodyRules<RolloutCommand>()
        .Text("reason", b => b.Reason, Limits.Reason);

    public static readonly BodyRules<OperatorConfirmationRequest> OperatorConfirmation = new BodyRules<OperatorConfirmationRequest>()
        .Text("note", b => b.Note, Limits.Reason);

    public static readonly BodyRules<MaintenanceWindowRequest> MaintenanceWindow = new BodyRules<MaintenanceWindowRequest>()
        .Present("until", b => b.Until)
        .Text("reason", b => b.Reason, Limits.Reason, required: true);

    public static readonly BodyRules<MaintenanceLogRequest> MaintenanceLog = new BodyRules<MaintenanceLogRequest>()
        .Text("reason", b => b.Reason, Limits.Reason, required: true)
        .Texts("partsReplaced", b => b.PartsReplaced, Limits.PartsPerLogEntry, Limits.Part)
        .Text("notes", b => b.Notes, Limits.Notes);

    public static readonly BodyRules<EnrolmentTokenRequest> EnrolmentToken = new BodyRules<EnrolmentTokenRequest>()
        .Duration("expiresIn", b => b.ExpiresIn, AgentLink.SiteCredentialOptions.MinTokenLifetime, AgentLink.SiteCredentialOptions.MaxTokenLifetime);

    public static readonly BodyRules<CredentialRotationRequest> CredentialRotation = new BodyRules<CredentialRotationRequest>()
        .Duration("grace", b => b.Grace, TimeSpan.Zero, AgentLink.SiteCredentialOptions.MaxRotationGrace);

    public static readonly BodyRules<CredentialRevocationRequest> CredentialRevocation = new BodyRules<CredentialRevocationRequest>()
        .Text("reason", b => b.Reason, Limits.Reason);

    /// <summary>By body type: what the validation filter and the OpenAPI schema transformer look up.</summary>
    public static readonly IReadOnlyDictionary<Type, IBodyRules> ByType = new IBodyRules[]
    {
        Order, Parameter, City, Cell, Site, Design, Rollout, Band, Rebalance, Drain, Cancel, RolloutCommand, OperatorConfirmation, MaintenanceWindow, MaintenanceLog,
        EnrolmentToken, CredentialRotation, CredentialRevocation,
    }.ToDictionary(r => r.BodyType);
}
