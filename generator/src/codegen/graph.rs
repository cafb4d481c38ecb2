//! Strongly connected components over model references (Tarjan, iterative so
//! a deep reference chain cannot overflow the stack).

/// Component id per node; nodes in one cycle share an id. Ids are assigned in
/// a deterministic order given a deterministic adjacency list.
pub fn components(adj: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = adj.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut comp = vec![UNSEEN; n];
    let mut next_index = 0usize;
    let mut next_comp = 0usize;
    // (node, next edge position)
    let mut calls: Vec<(usize, usize)> = Vec::new();

    for start in 0..n {
        if index[start] != UNSEEN {
            continue;
        }
        index[start] = next_index;
        low[start] = next_index;
        next_index += 1;
        stack.push(start);
        on_stack[start] = true;
        calls.push((start, 0));
        while let Some(top) = calls.len().checked_sub(1) {
            let (v, pos) = calls[top];
            let edges = &adj[v];
            if pos < edges.len() {
                calls[top].1 += 1;
                let w = edges[pos];
                if w >= n {
                    continue;
                }
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                calls.pop();
                if let Some(&(u, _)) = calls.last() {
                    low[u] = low[u].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = next_comp;
                        if w == v {
                            break;
                        }
                    }
                    next_comp += 1;
                }
            }
        }
    }
    comp
}

/// Whether each node lies on a cycle (a component of two or more nodes, or a
/// self-loop).
pub fn on_cycle(adj: &[Vec<usize>], comp: &[usize]) -> Vec<bool> {
    let mut size = vec![0usize; adj.len()];
    for &c in comp {
        if let Some(s) = size.get_mut(c) {
            *s += 1;
        }
    }
    (0..adj.len())
        .map(|v| {
            size.get(comp[v]).copied().unwrap_or(0) > 1 || adj[v].contains(&v)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cycles() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0
        let adj = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        let c = components(&adj);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[0], c[4]);
        assert_eq!(on_cycle(&adj, &c), vec![true, true, true, true, false]);
    }

    #[test]
    fn deep_chain_does_not_overflow() {
        let n = 200_000;
        let adj: Vec<Vec<usize>> = (0..n).map(|i| if i + 1 < n { vec![i + 1] } else { vec![0] }).collect();
        let c = components(&adj);
        assert!(c.iter().all(|&x| x == c[0]));
    }
}
