-- The hero: walks, jumps, falls, gets hurt. Its fields are its state, kept
-- across live reloads (a reload replaces only the functions).
local player = { x = 0, y = 0, w = 12, h = 12, vx = 0, vy = 0, hp = 3, facing = 1,
                 on_ground = false, invulnerable = 0, sprite = "sprites/hero.png" }

local GRAVITY, JUMP, SPEED = 600, -230, 80

function player.spawn(x, y)
  player.x, player.y, player.vx, player.vy = x, y, 0, 0
  player.hp, player.invulnerable = 3, 0
end

local function hits(x, y)
  return blocked(x + 1, y) or blocked(x + player.w - 2, y)
      or blocked(x + 1, y + player.h - 1) or blocked(x + player.w - 2, y + player.h - 1)
end

function player.update(dt)
  player.vx = 0
  if key_down("left") then player.vx, player.facing = -SPEED, -1 end
  if key_down("right") then player.vx, player.facing = SPEED, 1 end
  if (key_pressed("a") or key_pressed("up")) and player.on_ground then
    player.vy = JUMP
    play_sound("sounds/jump.wav")
  end
  player.vy = math.min(player.vy + GRAVITY * dt, 400)

  local x = player.x + player.vx * dt
  if not hits(x, player.y) then player.x = math.max(0, math.min(x, 320 - player.w)) end
  local y = player.y + player.vy * dt
  player.on_ground = false
  if hits(player.x, y) then
    if player.vy > 0 then player.on_ground = true end
    player.vy = 0
  else
    player.y = y
  end
  player.invulnerable = math.max(0, player.invulnerable - dt)
  if player.y > 160 then -- fell into the water
    player.hurt(1)
    player.x, player.y, player.vy = 2 * 16, 7 * 16, 0
  end
end

-- True when it hurt (not while still blinking from the last hit).
function player.hurt(amount)
  if player.invulnerable > 0 then return false end
  player.hp = math.max(0, player.hp - amount)
  player.invulnerable = 1
  return true
end

function player.draw()
  if player.invulnerable > 0 and math.floor(player.invulnerable * 10) % 2 == 0 then return end
  draw_sprite(player.sprite, player.x, player.y, player.facing < 0)
end

return player
