local player = { x = 0, y = 0, vy = 0, hp = 3, sprite = "sprites/hero.png" }

function player.spawn(x, y)
  player.x, player.y = x, y
end

function player.update(dt)
  if button_pressed("jump") and player.on_ground then
    player.vy = -6
    play_sound("sounds/jump.wav")
  end
  player.vy = player.vy + 20 * dt
  player.y = player.y + player.vy * dt
end

function player.hurt(amount)
  player.hp = math.max(0, player.hp - amount)
end

return player
