/**
 * What ties a task to others: its live children (an intrusive list threaded through the children
 * themselves: O(1) to add and remove, nothing allocated per child), the failures they passed up, and
 * who waits for it to end. Only tasks that have children or observers get one; a million plain
 * sleeping tasks have neither, and one field is cheaper than three.
 * @module
 */

/** What a child carries for the list. */
export interface Sibling<T extends Sibling<T>> {
  prevSibling: T | undefined;
  nextSibling: T | undefined;
}

/** A task's live children, the failures they passed up, and its observers. */
export class TaskLinks<T extends Sibling<T>> {
  #first: T | undefined;
  #last: T | undefined;
  /** Live children. */
  count = 0;
  /** Failures of children that propagate to the parent (and the task's own cancel error), in order. */
  errors: unknown[] | undefined;
  /** Called once the task ends. */
  observers: ((task: T) => void)[] | undefined;

  /** Adds a child at the end. */
  add(child: T): void {
    const last = this.#last;
    child.prevSibling = last;
    if (last) last.nextSibling = child;
    else this.#first = child;
    this.#last = child;
    this.count++;
  }

  /** Removes a child. */
  remove(child: T): void {
    const { prevSibling, nextSibling } = child;
    if (prevSibling) prevSibling.nextSibling = nextSibling;
    else this.#first = nextSibling;
    if (nextSibling) nextSibling.prevSibling = prevSibling;
    else this.#last = prevSibling;
    child.prevSibling = child.nextSibling = undefined;
    this.count--;
  }

  /** The live children, oldest first (a copy: cancelling them changes the list). */
  list(): T[] {
    const children: T[] = [];
    for (let child = this.#first; child; child = child.nextSibling) children.push(child);
    return children;
  }
}
