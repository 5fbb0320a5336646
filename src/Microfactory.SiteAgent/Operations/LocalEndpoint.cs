using System.Security.Cryptography;
using System.Text;
using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Hosting;
using Microfactory.SiteAgent.Link;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microfactory.SiteAgent.Operations;

/// <summary>
/// The agent's own HTTP endpoint for the factory's technicians (<c>Agent:Local:Url</c>, loopback by default), every
/// request with <c>Authorization: Bearer &lt;local token&gt;</c>:
/// <c>GET /status</c> (link, cells, drivers, last errors), <c>POST /cells/{id}/confirm</c> (the operator gate: the
/// machine is clear, the next job may start), <c>POST /cells/{id}/reset</c> (acknowledge the machine's alarm).
/// The CLI (<c>Microfactory.SiteAgent status | confirm | reset</c>) calls the same endpoints.
/// </summary>
internal sealed class LocalEndpoint(
    IOptions<AgentOptions> options,
    CellDrivers cells,
    JobBook book,
    LinkGate link,
    LinkProblems problems,
    TimeProvider time,
    ILogger<LocalEndpoint> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>Where it listens once started (the bound port when the configured one was 0); null when off.</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var agent = options.Value;
        if (agent.Local.Url is not { } url)
        {
            return;
        }

        var token = Encoding.UTF8.GetBytes(LocalToken.LoadOrCreate(agent));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddProblemDetails();
        builder.WebHost.UseUrls(url.GetLeftPart(UriPartial.Authority));
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (!Authorized(context.Request, token))
            {
                OperationsLog.Unauthorized(logger, context.Request.Method, context.Request.Path);
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A bearer token is required",
                    detail: $"Send Authorization: Bearer <token>, the token in Agent:Local:Token or in {LocalToken.PathIn(agent)}.").ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        app.MapGet("/status", () => TypedResults.Ok(AgentStatus.Now(agent, cells, book, link, problems, time)));
        app.MapPost("/cells/{cellId}/confirm", (string cellId, ConfirmRequest? request) => Confirm(cellId, request?.By));
        app.MapPost("/cells/{cellId}/reset", (string cellId, ConfirmRequest? request, CancellationToken cancel) => ResetAsync(cellId, request?.By, cancel));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        Address = new Uri(app.Urls.First());
        OperationsLog.Listening(logger, Address, string.IsNullOrEmpty(agent.Local.Token) ? LocalToken.PathIn(agent) : "Agent:Local:Token");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private IResult Confirm(string cellId, string? by)
    {
        if (!cells.TryGet(cellId, out _))
        {
            return UnknownCell(cellId);
        }

        if (book.ConfirmOperator(cellId) is not { } waited)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not waiting for an operator",
                detail: $"Cell '{cellId}' is not waiting for a confirmation{(options.Value.Cells.First(c => c.Id == cellId).OperatorGate ? "" : $" (it has no operator gate: Agent:Cells:N:OperatorGate)")}.");
        }

        OperationsLog.Confirmed(logger, cellId, Who(by), waited.AfterJobId);
        return TypedResults.Ok(new ConfirmedResponse(cellId, waited.AfterJobId, waited.Since, time.GetUtcNow()));
    }

    private async Task<IResult> ResetAsync(string cellId, string? by, CancellationToken cancellationToken)
    {
        if (!cells.TryGet(cellId, out var cell))
        {
            return UnknownCell(cellId);
        }

        if (await cell.ResetFaultAsync(cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The reset was not sent", detail: refusal);
        }

        OperationsLog.ResetSent(logger, cellId, Who(by));
        return TypedResults.Accepted((string?)null, new ResetResponse(cellId, time.GetUtcNow()));
    }

    private IResult UnknownCell(string cellId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such cell",
            detail: $"This site has no cell '{cellId}'; its cells are: {string.Join(", ", cells.All.Select(c => c.CellId))}.");

    private static string Who(string? by) => string.IsNullOrWhiteSpace(by) ? "someone (unnamed)" : by.Trim();

    private static bool Authorized(HttpRequest request, byte[] token)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.Ordinal))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), token);
    }
}

/// <summary>Who confirms (kept in the agent's log).</summary>
public sealed record ConfirmRequest(string? By);

public sealed record ConfirmedResponse(string CellId, string AfterJobId, DateTimeOffset WaitingSince, DateTimeOffset ConfirmedAt);

public sealed record ResetResponse(string CellId, DateTimeOffset SentAt);
