"""The list of tasks: one line per task, titles shown literally, and a cursor that stops at the ends."""

from __future__ import annotations

from datetime import date

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size, Spacing
from textual.reactive import Reactive
from textual.strip import Strip
from textual.style import Style
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from focus_tui.domain.tasks import Category, Status, Task
from focus_tui.widgets.unchanged import same_content

CATEGORY_MARK = {Category.PLANNING: "P", Category.ROUTINE: "R", Category.TRANSACTIONAL: "T"}
_SPLIT_OR_GRAPHEME = frozenset("\n\t\u200d\ufe0f")
"""Characters Textual's Content wraps by (new lines, tabs) or measures as part of a grapheme (zero
width joiner, emoji presentation selector): a row holding one is drawn by OptionList."""


def task_line(task: Task, today: date | None = None, day_key_id: int | None = None) -> Content:
    """One row; the title is plain text so markup in it shows literally. The category mark takes
    the theme's $category-* colour."""
    parts: list[tuple[str, str] | str] = [(f"{CATEGORY_MARK[task.category]} ", f"bold $category-{task.category.value}")]
    if today is not None and task.day is not None and task.day < today:
        parts.append((f"↶ {task.day:%a %d} ", "italic"))
    if task.directive:
        parts.append(("⚑ ", "bold"))
    if day_key_id is not None and task.key_task_id == day_key_id:
        parts.append(("◆ ", "bold"))
    if task.status is Status.DOING:
        parts.append(("▶ ", "bold"))
    elif task.status is Status.BLOCKED:
        parts.append("⊘ ")
    parts.append(task.title)
    details = []
    if task.steps:  # a routine instance's checklist
        details.append(f"☑ {sum(step.done for step in task.steps)}/{len(task.steps)}")
    if task.kind:
        details.append(f"#{task.kind}")
    if task.minutes:
        details.append(f"{task.minutes}m")
    if task.status is Status.BLOCKED:
        details.append("blocked")
    if details:
        parts.append(("  " + " ".join(details), "$foreground-muted"))  # the theme's muted text, not a blind dim
    return Content.assemble(*parts)


class TaskList(OptionList):
    """Unlike OptionList, moving past the last or first task stays put: keys act on the
    highlighted task, so a silent wrap to the other end would complete the wrong one."""

    BINDINGS = [
        Binding("space,x", "screen.complete_task", "Done", id="board.complete_task", tooltip="Mark the highlighted task done"),
        Binding("b", "screen.block_task", "Blocked", id="board.block_task", tooltip="Name what blocks the highlighted task: b, the cause key, enter"),
        Binding("s", "screen.start_task", "Start", id="board.start_task", show=False, tooltip="Work on the highlighted task now (only one at a time)"),
        Binding("e", "screen.edit_task", "Edit", id="board.edit_task", show=False, tooltip="Edit the highlighted task (quick-add line)"),
        Binding("d", "screen.defer_task", "Tomorrow", id="board.defer_task", show=False, tooltip="Defer the highlighted task to tomorrow"),
        Binding("t", "screen.keep_task", "Keep today", id="board.keep_task", show=False, tooltip="Keep a carried task on today's list"),
        Binding("D", "screen.drop_task", "Drop", id="board.drop_task", show=False, tooltip="Drop the highlighted task (u brings it back)"),
        Binding("delete", "screen.remove_task", "Delete", id="board.remove_task", show=False, tooltip="Delete the highlighted task for good (u brings it back)"),
        Binding("exclamation_mark", "screen.toggle_directive", "Directive", id="board.toggle_directive", show=False, tooltip="Mark as a directive from your lead: it jumps the line"),
        Binding("l", "screen.toggle_link", "Link to day", id="board.toggle_link", show=False, tooltip="Link to or unlink from today's key task (linked work ranks first)"),
        Binding("J", "screen.move_down", "Move down", id="board.move_down", show=False, tooltip="Move the task down within its rank"),
        Binding("K", "screen.move_up", "Move up", id="board.move_up", show=False, tooltip="Move the task up within its rank"),
        Binding("enter", "screen.show_details", "Details", id="board.show_details", show=False, tooltip="Everything about the highlighted task"),
        Binding("j", "cursor_down", "Down", id="board.cursor_down", show=False, tooltip="Move the cursor down"),
        Binding("k", "cursor_up", "Up", id="board.cursor_up", show=False, tooltip="Move the cursor up"),
        Binding("g", "first", "First", id="board.cursor_first", show=False, tooltip="Go to the first task"),
        Binding("G", "last", "Last", id="board.cursor_last", show=False, tooltip="Go to the last task"),
    ]

    virtual_size = Reactive(Size(0, 0), layout=False)
    """OptionList's rows set its scrollable size, and Widget's virtual_size asks for a layout of the
    whole screen whenever it changes: after every change that adds or removes a task, all ~30
    widgets were arranged and drawn again. The list's own size does not follow its rows (unless it
    is styled to: see _watch_virtual_size), and a scrollbar appearing or going still lays out (its
    own reactive asks for one), so a repaint of the list is enough."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._drawn_rows: LRUCache[tuple, list[Strip]] = LRUCache(512)
        """Rows as drawn, by what they show and at which index (None: at any index, for a row that
        moves): see _get_option_render."""
        self._made_lines: dict[int | None, tuple[Task, date | None, int | None, Content]] = {}
        """Each shown task's row and what it was made from: see _line."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        """ScrollView compares the virtual size the compositor arranged (for a ScrollView, only its
        own region) with the one its rows set: once the list is longer than it is tall, any layout
        on the screen, such as a message appearing, redrew its scrollbar in a frame of its own. The
        rows keep the scrollbar current themselves (OptionList._update_lines)."""
        return super()._size_updated(size, self.virtual_size, container_size, layout)

    def _watch_virtual_size(self, _old: Size, _new: Size) -> None:
        if self.styles.auto_dimensions:  # sized to its rows: then a new size needs a layout
            self.refresh(layout=True)

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        """A row drawn before is reused while its line, look and width are unchanged. OptionList
        forgets every drawn row whenever a row is added, removed or replaced, and each saved change
        rebuilds the list: drawing every visible row anew was most of a change's frame. A new row
        is drawn the quick way when it can be (_draw_one_line_row)."""
        prompt = option.prompt
        if not isinstance(prompt, Content) or option.id is None:
            return super()._get_option_render(option, style)
        padding = self.get_component_styles("option-list--option").padding
        width = self.scrollable_content_region.width
        looks = (prompt.plain, tuple(prompt.spans), style, padding, width, self.app.theme)
        index = self.get_option_index(option.id)
        drawn = self._drawn_rows.get((looks, index))
        if drawn is None:
            elsewhere = self._drawn_rows.get((looks, None))
            if elsewhere is None:
                drawn = self._draw_one_line_row(option, style, padding, width, index)
                if drawn is None:
                    drawn = super()._get_option_render(option, style)
                self._drawn_rows[(looks, None)] = drawn
            else:
                # Each row's segments carry its index, for clicks: a row that moved gets its new one.
                meta = RichStyle.from_meta({"option": index})
                drawn = [Strip(Segment.apply_style(strip, post_style=meta), strip.cell_length) for strip in elsewhere]
            self._drawn_rows[(looks, index)] = drawn
        return drawn

    def _draw_one_line_row(self, option: Option, style: Style, padding: Spacing, width: int, index: int) -> list[Strip] | None:
        """The row exactly as OptionList draws it (the same segments, styles and meta), when it fits
        on one line as nearly every row does: Textual's own runs of style (Content.render), without
        the wrapping, padding visual, link pass and meta pass OptionList goes through for each row,
        which were most of the time the first frame spent on the list. None whenever anything those
        would change is in play: OptionList then draws the row. tests/test_task_list_rows.py holds
        both ways to the same strips."""
        content = option.prompt
        text = content.plain
        left, right = padding.left, padding.right
        line_width = width - left - right
        if (option._divider or padding.top or padding.bottom or line_width <= 0 or not text
                or len(text) > line_width  # Content.rstrip_end measures in characters
                or content.cell_length > line_width  # it would wrap
                or not _SPLIT_OR_GRAPHEME.isdisjoint(text)  # lines, tabs, or widths not the sum of the characters'
                or self.text_selection is not None):
            return None
        rules = self.styles
        if (rules.get("text_align", "left") not in ("left", "start") or rules.get("text_wrap", "wrap") != "wrap"
                or rules.get("text_overflow", "fold") != "fold" or rules.get("line_pad", 0)
                or rules.content_align != ("left", "top")):
            return None
        from_meta = RichStyle.from_meta
        # OptionList's meta pass puts {"option": index} under each segment's style, so a run's meta
        # reads {"option": index, "offset": (x, 0)} and padding's {"option": index}.
        padding_style = from_meta({"option": index}) + style.rich_style
        segments = [Segment(" " * left, padding_style)] if left else []
        x = 0
        for run, run_style in content.render(style, end="", parse_style=self._get_style):
            cell_style = style + run_style
            if cell_style.meta or cell_style.link:  # clicks and links get the link style: OptionList's way
                return None
            segments.append(Segment(run, cell_style.rich_style + from_meta({"option": index, "offset": (x, 0)})))
            x += len(run)
        if line_width > content.cell_length:
            segments.append(Segment(" " * (line_width - content.cell_length), padding_style))
        if right:
            segments.append(Segment(" " * right, padding_style))
        return [Strip(segments, width)]

    def show_tasks(self, tasks: list[Task], today: date | None = None, day_key_id: int | None = None) -> None:
        """Replace the rows, keeping the highlight on the same task (or the same position). When
        the same tasks stay in the same order, only the rows whose line changed are redrawn."""
        lines = [self._line(task, today, day_key_id) for task in tasks]
        self._made_lines = {task.id: made for task in tasks if (made := self._made_lines.get(task.id))}
        option_ids = [str(task.id) for task in tasks]
        if option_ids == [option.id for option in self.options]:
            for index, line in enumerate(lines):
                shown = self.options[index].prompt
                if shown is not line and not same_content(shown, line):
                    self.replace_option_prompt_at_index(index, line)
            return
        keep_id = self.highlighted_task_id
        keep_index = self.highlighted
        # set_options, not clear_options + add_options: the list never passes through empty, so
        # with as many rows as before its size stays and the screen needs no new layout.
        self.set_options(Option(line, id=option_id) for line, option_id in zip(lines, option_ids))
        if not tasks:
            return
        ids = [task.id for task in tasks]
        self.highlighted = ids.index(keep_id) if keep_id in ids else min(keep_index or 0, len(tasks) - 1)

    def _line(self, task: Task, today: date | None, day_key_id: int | None) -> Content:
        """The task's row, made again only when the task, the day or the day's key task changed.
        The same Content object also keeps the height OptionList measured for it (it wraps every
        row to measure it whenever the rows are replaced, which each added or removed task does)."""
        made = self._made_lines.get(task.id)
        if made is not None and made[1] == today and made[2] == day_key_id and (made[0] is task or made[0] == task):
            return made[3]
        line = task_line(task, today, day_key_id)
        self._made_lines[task.id] = (task, today, day_key_id, line)
        return line

    @property
    def task_ids(self) -> list[int]:
        return [int(self.get_option_at_index(index).id) for index in range(self.option_count)]

    @property
    def highlighted_task_id(self) -> int | None:
        if self.highlighted is None or self.option_count == 0:
            return None
        return int(self.get_option_at_index(self.highlighted).id)

    def highlight_task(self, task_id: int) -> None:
        try:
            self.highlighted = self.get_option_index(str(task_id))
        except OptionDoesNotExist:
            pass

    def action_cursor_down(self) -> None:
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted > 0:
            super().action_cursor_up()
