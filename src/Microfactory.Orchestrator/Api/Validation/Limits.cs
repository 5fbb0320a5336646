using Microfactory.Network.Orders;

namespace Microfactory.Orchestrator.Api.Validation;

/// <summary>The documented maximum sizes of what clients send (docs/api.md lists them).</summary>
public static class Limits
{
    /// <summary>Ids of cities, sites, cells, products, rollouts: the <see cref="Network.Ids"/> rule's own maximum.</summary>
    public const int Id = 63;

    /// <summary>Display names of cities and sites.</summary>
    public const int Name = 100;

    public const int Country = 64;

    /// <summary>A semantic version (<see cref="Network.Designs.SemanticVersion.MaxLength"/>).</summary>
    public const int Version = Network.Designs.SemanticVersion.MaxLength;

    /// <summary><c>product@version</c>.</summary>
    public const int Design = Id + 1 + Version;

    public const int Capability = 32;

    /// <summary>Parameters one design version declares (and so values one order gives).</summary>
    public const int ParametersPerDesign = Network.Designs.DesignParameterRules.MaxParameters;

    /// <summary>One parameter value, a text parameter's longest maximum length.</summary>
    public const int ParameterValue = Network.Designs.DesignParameterRules.MaxTextLength;

    public const int ParameterUnit = Network.Designs.DesignParameterRules.MaxUnitLength;

    public const int ParameterChoices = Network.Designs.DesignParameterRules.MaxChoices;

    public const int ParameterChoice = Network.Designs.DesignParameterRules.MaxChoiceLength;

    public const int Notes = 2000;

    /// <summary>Reasons given for a cancellation, an abort or a rollback.</summary>
    public const int Reason = 500;

    public const int Sha256 = 64;

    /// <summary>A part named in a maintenance log entry (e.g. "spindle bearing 7014").</summary>
    public const int Part = 200;

    public const int PartsPerLogEntry = 100;

    public const int IdempotencyKey = OrderIds.MaxKeyLength;

    public const int CellsPerSite = 64;

    public const int CapabilitiesPerCell = 32;

    public const int DesignsPerCell = 256;

    /// <summary>City or site ids in one request (a rebalance's cities, a rollout's cities and canaries).</summary>
    public const int IdsPerRequest = 1000;

    public const int RolloutSteps = 20;

    /// <summary>Values of one list filter (<c>status=A,B</c>).</summary>
    public const int FilterValues = 100;

    /// <summary>Largest JSON request body; design bundles have their own limit (Designs:MaxBundleBytes).</summary>
    public const long JsonBodyBytes = 1024 * 1024;
}
