using Orleans.Storage;
using Microfactory.Network;
using Microfactory.Network.Rollouts;
using Microfactory.Orchestrator.Api;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Microfactory.Orchestrator.Errors;

/// <summary>
/// Turns what went wrong into ProblemDetails with a message a planner can act on: the domain's own errors map to
/// 4xx, unreadable requests to 400, lost grain races (after the edge's retries) to 503 with Retry-After.
/// </summary>
public sealed partial class DomainExceptionHandler(IProblemDetailsService problems, ILogger<DomainExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, field) = exception switch
        {
            NotFoundException e => (StatusCodes.Status404NotFound, "Not found", e.Message, null),
            InvalidStateException e => (StatusCodes.Status409Conflict, "Not allowed in the current state", e.Message, null),
            DomainValidationException e => (StatusCodes.Status422UnprocessableEntity, "Invalid request", e.Message, e.Field),
            IdempotencyMismatchException e => (StatusCodes.Status422UnprocessableEntity, "Idempotency key reused", e.Message, OrderEndpoints.IdempotencyHeader),
            BadHttpRequestException e => Unreadable(BadRequestDescriber.Describe(context, context.Features.Get<IExceptionHandlerFeature>()?.Endpoint, e)),
            DesignDeliveryUnavailableException e => (StatusCodes.Status503ServiceUnavailable, "Design delivery unavailable", e.Message, null),
            InconsistentStateException => (StatusCodes.Status503ServiceUnavailable, "Busy", "The request raced with another change and gave up after retrying; try again.", null),
            _ => (0, "", "", (string?)null),
        };

        if (status == 0)
        {
            LogUnhandled(exception, context.Request.Method, context.Request.Path);
            return false;
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (field is not null)
        {
            problem.Extensions["field"] = field;
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static (int, string, string, string?) Unreadable(RequestProblem p) => (p.Status, p.Title, p.Detail, p.Field);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);
}
