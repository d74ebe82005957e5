"""The dashboard: one Textual app that shows a running session (live, replayed or from a log).

The session runner runs in a thread worker and only ever calls a sink; the sink writes the
event to the session log (on the runner's thread, as headless does) and hands it to an
`EventFeed` that wakes the UI. The UI folds events into its own `SessionState` and redraws,
so a slow frame can never hold up transcription. If the runner raises, the error is shown in
a panel, a `warning` and a `session_ended` go to the log, and the app stays up.
"""

from __future__ import annotations

import asyncio
import signal
import textwrap
import threading
from pathlib import Path
from typing import Callable

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from live_assist.config import Config
from live_assist.dashboard import render
from live_assist.dashboard.feed import EventFeed
from live_assist.event_replay import event_time
from live_assist.events import (
    Bookmark,
    Event,
    EventSink,
    Nudge,
    Partial,
    SessionEnded,
    SessionRunner,
    SessionStarted,
    Turn,
    Warning,
)
from live_assist.nudges import MESSAGES
from live_assist.state import SessionState

QUIT_GRACE_SECONDS = 5.0

KEYS_HELP = """\
[b]Keys[/b]
  [b]p[/b] space  pause / resume a replay
  [b]b[/b]        bookmark this moment (saved in the session log)
  [b]h[/b]        hide / show the transcript (when sharing your screen)
  [b]e[/b]        why a turn got its codes: the rule and the words
  [b]↑ ↓[/b]      choose the turn to explain; [b]escape[/b]: back to the newest
  [b]?[/b]        this help
  [b]q[/b]        end the session and quit (says where the log is)

[b]Scores[/b] against MITI 4.2.1: [green]good[/green] / [yellow]fair[/yellow] / [red]poor[/red]
  R:Q fair 1:1, good 2:1 · complex R fair 40 %, good 50 %
  open Q fair 50 %, good 70 % · "your talk" red above the nudge limit

[b]Nudges[/b], one at a time, with cooldowns (settings: see the README)
"""


class EventsWaiting(Message):
    """The feed has events for the UI."""


class SessionStopped(Message):
    """The runner returned or raised; `error` says why if it raised."""

    def __init__(self, error: str | None) -> None:
        super().__init__()
        self.error = error


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        nudges = textwrap.fill(" · ".join(MESSAGES.values()), 70, initial_indent="  ", subsequent_indent="  ")
        yield Static(f"{KEYS_HELP}{nudges}\n\n[dim]escape closes this help[/dim]", id="help")


class DashboardApp(App[int]):
    """The dashboard for one session: the one app the CLI, the web server and the tests build.

    `sink` receives every event (and bookmarks) before the screen does, so the session log is
    complete even if the UI fails; `pause`, if given, is the event the runner honours to hold a
    replay; `clock` gives the current session time between events."""

    CSS_PATH = "dashboard.tcss"
    TITLE = "live-assist"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("p,space", "pause", "Pause"),
        Binding("b", "bookmark", "Bookmark"),
        Binding("h", "hide_transcript", "Hide text"),
        Binding("e", "explain", "Explain"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit_session", "Quit"),
        Binding("ctrl+c,ctrl+q", "quit_session", "Quit", show=False, priority=True),
        Binding("escape", "follow", "Follow", show=False),
    ]

    def __init__(
        self,
        runner: SessionRunner,
        *,
        sink: EventSink | None = None,
        model_label: str = "",
        log_path: Path | None = None,
        config: Config | None = None,
        clock: Callable[[], float] | None = None,
        pause: threading.Event | None = None,
    ) -> None:
        super().__init__()
        self.runner = runner
        self.log_sink = sink
        self.model_label = model_label
        self.log_path = log_path
        self.config = config or Config()
        self.clock = clock
        self.pause = pause
        self.stop = threading.Event()
        self.session_done = threading.Event()
        self.state = SessionState()
        self.feed = EventFeed(lambda: self.post_message(EventsWaiting()))
        self.nudge: Nudge | None = None
        self.partials: dict[str, Partial] = {}
        self.warnings: list[Warning] = []
        self.bookmarks = 0
        self.ended: SessionEnded | None = None
        self.error: str | None = None
        self.quitting = False
        self._sink_lock = threading.Lock()
        self._logged_end = False
        self._last_at = 0.0

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Static(id="error")
                yield OptionList(id="transcript")
                yield Static("Transcript hidden. Press h to show it.", id="hidden-note")
                yield Static(id="partial")
                yield Static(id="explanation")
            with Vertical(id="side"):
                yield Static(id="scores")
                yield Static(id="counts")
                yield Static(id="timeline")
        yield Static(id="nudge")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#scores").border_title = "MITI scores"
        self.query_one("#counts").border_title = "Counts"
        self.query_one("#timeline").border_title = "Per minute"
        transcript = self.query_one("#transcript", OptionList)
        transcript.border_title = "Transcript"
        # anchored: the newest turn stays in view as turns arrive, until the counsellor scrolls
        transcript.anchor()
        self.query_one("#explanation").border_title = "Why these codes"
        self.query_one("#error").border_title = "Session stopped"
        self._redraw()
        if self.clock is not None:  # the session time moves between events too
            self.set_interval(1.0, self._redraw)
        # SIGTERM (a logout, `kill`, textual-serve closing) ends the session like `q` does.
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, self.action_quit_session)
        self.run_worker(self._run_session, thread=True, name="session", exit_on_error=False)

    def on_unmount(self) -> None:
        # However the app ends (a browser tab closed, an exit from elsewhere), the session ends.
        self.stop.set()
        if self.pause is not None:
            self.pause.clear()

    # -- the session thread ------------------------------------------------------------------

    def _log(self, event: Event) -> None:
        if self.log_sink is not None:
            with self._sink_lock:
                self.log_sink(event)

    def _emit(self, event: Event) -> None:
        """The sink the runner writes to: log first (nothing lost), then the screen."""
        self._log(event)
        at = event_time(event)
        if at is not None:
            self._last_at = max(self._last_at, at)
        self._logged_end = self._logged_end or isinstance(event, SessionEnded)
        self.feed(event)

    def _run_session(self) -> None:
        try:
            self.runner(self._emit, self.stop)
        except Exception as exc:  # noqa: BLE001 - any failure must end in a panel, not a crash
            error = f"{type(exc).__name__}: {exc}".splitlines()[0]
            closing: list[Event] = [Warning(at=self._last_at, kind="error", message=error)]
            if not self._logged_end:
                closing.append(SessionEnded(at=self._last_at, reason=f"error: {error}"))
            for event in closing:
                try:
                    self._log(event)
                except Exception:  # noqa: BLE001 - the log itself may be what failed
                    pass
                self.feed(event)
            self.post_message(SessionStopped(error))
        else:
            self.post_message(SessionStopped(None))
        finally:
            self.session_done.set()

    # -- events into state -------------------------------------------------------------------

    def on_events_waiting(self, _: EventsWaiting) -> None:
        new_turns: list[Turn] = []
        for event in self.feed.drain():
            self.state.apply(event)
            if isinstance(event, Turn):
                new_turns.append(event)
                self.partials.pop(event.speaker, None)
            elif isinstance(event, Partial):
                if event.text.strip():
                    self.partials[event.speaker] = event
                else:
                    self.partials.pop(event.speaker, None)
            elif isinstance(event, Nudge):
                self.nudge = event
            elif isinstance(event, Warning):
                self.warnings.append(event)
            elif isinstance(event, Bookmark):
                self.bookmarks += 1
            elif isinstance(event, SessionEnded):
                self.ended = event
                self.partials.clear()
            elif isinstance(event, SessionStarted) and not self.model_label:
                self.model_label = event.model
        if new_turns:
            self.show_turns(new_turns)
        self._redraw()

    def show_turns(self, turns: list[Turn]) -> None:
        transcript = self.query_one("#transcript", OptionList)
        transcript.add_options(Option(render.turn_text(t), id=str(t.id)) for t in turns)

    def on_session_stopped(self, message: SessionStopped) -> None:
        if message.error is not None:
            self.error = message.error
            where = f"\nEverything up to this point is in the session log: {self.log_path}" if self.log_path else ""
            panel = self.query_one("#error", Static)
            panel.update(f"[b]The session stopped because of an error:[/b]\n{message.error}{where}\nPress q to quit.")
            panel.display = True
        self._redraw()
        if self.quitting:
            self.exit(return_code=1 if self.error else 0)

    # -- drawing -----------------------------------------------------------------------------

    def now(self) -> float:
        return self.clock() if self.clock is not None else self.state.clock

    def _redraw(self) -> None:
        settings = self.config.dashboard
        whole = self.state.scores()
        recent = self.state.scores(window=settings.recent_minutes * 60)
        talk_above = self.config.nudges.talk_share_above
        self.query_one("#scores", Static).update(
            render.scores_table(whole, recent, settings.recent_minutes, talk_above)
        )
        self.query_one("#counts", Static).update(render.counts_text(whole))
        timeline = self.query_one("#timeline", Static)
        timeline.update(render.timeline_text(self.state, max(8, timeline.content_size.width - 6)))
        partial = self.query_one("#partial", Static)
        partial.update(
            render.partial_text(p.speaker, p.text) if (p := self._latest_partial()) else ""
        )
        nudge = self.nudge
        if nudge is not None and self.now() - nudge.at > settings.nudge_seconds:
            nudge = None
        self.query_one("#nudge", Static).update(render.nudge_text(nudge, private=self.has_class("private")))
        self.query_one("#status", Static).update(self._status())
        if self.has_class("explaining"):
            self.query_one("#explanation", Static).update(render.explanation_text(self._chosen_turn()))

    def _latest_partial(self) -> Partial | None:
        return max(self.partials.values(), key=lambda p: p.start, default=None)

    def _status(self) -> str:
        parts = [self.model_label or "model ?", render.clock(self.now())]
        last = self.state.turns[-1] if self.state.turns else None
        if last is not None and last.emitted_at is not None and last.end is not None:
            parts.append(f"ASR lag {max(0.0, last.emitted_at - last.end):.1f} s")
        if self.bookmarks:
            parts.append(f"{self.bookmarks} bookmark{'s' * (self.bookmarks > 1)}")
        if self.error:
            parts.append("[b red]stopped: error[/]")
        elif self.ended is not None:
            parts.append(f"[b]ended ({self.ended.reason})[/] q quits")
        elif self.quitting:
            parts.append("ending…")
        elif self.pause is not None and self.pause.is_set():
            parts.append("[b yellow]⏸ paused[/]")
        else:
            parts.append("[green]● running[/]")
        if self.warnings:
            w = self.warnings[-1]
            parts.append(f"[yellow]⚠ {len(self.warnings)}: {w.message}[/]")
        return " │ ".join(parts)

    def _chosen_turn(self) -> Turn | None:
        transcript = self.query_one("#transcript", OptionList)
        if transcript.highlighted is None:
            return self.state.turns[-1] if self.state.turns else None
        return self.state.turns[transcript.highlighted]

    # -- keys --------------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#transcript")
    @on(OptionList.OptionSelected, "#transcript")
    def _turn_chosen(self, message: OptionList.OptionMessage) -> None:
        if isinstance(message, OptionList.OptionSelected):
            self.add_class("explaining")
        self._redraw()

    def action_pause(self) -> None:
        if self.pause is None:
            self.notify("A live session cannot be paused.", severity="warning")
            return
        if self.pause.is_set():
            self.pause.clear()
        else:
            self.pause.set()
        self._redraw()

    def action_bookmark(self) -> None:
        if self.ended is not None:
            self.notify("The session has ended: nothing left to bookmark.", severity="warning")
            return
        at = self.now()
        try:
            self._emit(Bookmark(at=at))
        except (OSError, ValueError) as exc:  # a full disk must not close the dashboard
            self.notify(f"Bookmark not saved: {exc}", severity="error")
            return
        self.notify(f"Bookmarked {render.clock(at)}", timeout=2)

    def action_hide_transcript(self) -> None:
        self.toggle_class("private")
        self._redraw()

    def action_explain(self) -> None:
        self.toggle_class("explaining")
        self._redraw()

    def action_follow(self) -> None:
        transcript = self.query_one("#transcript", OptionList)
        transcript.highlighted = None
        transcript.anchor()
        self._redraw()

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_quit_session(self) -> None:
        if self.session_done.is_set():
            self.exit(return_code=1 if self.error else 0)
            return
        self.quitting = True
        self.stop.set()
        if self.pause is not None:
            self.pause.clear()
        self._redraw()
        # A runner that ignores the stop must not keep the counsellor in the app.
        self.set_timer(QUIT_GRACE_SECONDS, lambda: self.exit(return_code=1 if self.error else 0))
