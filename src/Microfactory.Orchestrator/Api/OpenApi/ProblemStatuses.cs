namespace Microfactory.Orchestrator.Api.OpenApi;

/// <summary>The error statuses an endpoint answers beyond those every endpoint of its kind has (OperationResponsesTransformer adds those).</summary>
public sealed record ProblemStatusesMetadata(IReadOnlyList<int> Statuses);

public static class ProblemStatuses
{
    /// <summary>Documents that this endpoint may answer these statuses with ProblemDetails (404, 409, 422, 503...).</summary>
    public static TBuilder Problems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProblemStatusesMetadata(statuses));
}
